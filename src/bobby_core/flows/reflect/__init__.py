"""Reflect: the CBT "ABC" exercise (event, belief, Socratic questions, how it feels now)."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import (
    Action,
    Ask,
    End,
    FreeText,
    LlmExtract,
    LlmLoop,
    NumberRange,
    Say,
    SubFlow,
)
from bobby_core.flows.prompts import load_prompt
from bobby_core.llm import FieldSpec

FLOW = Flow(
    id="reflect", version=1, menu_key="2", aliases=("reflect", "reflection"),
    keywords=("argument", "criticised", "criticized", "mistake", "upset", "angry", "guilty",
              "blame", "worried", "worry", "anxious", "ashamed", "hurt", "keep thinking",
              "replaying", "boss", "manager", "colleague", "unfair"),
    steps=(
        Say(id="welcome"),
        Ask(id="event", save_as="event", expect=FreeText(min_chars=3)),
        LlmLoop(id="belief_loop", save_as="belief_talk", prompt=load_prompt(__name__, "belief.txt"),
                min_turns=1, max_turns=3),
        LlmExtract(
            id="name_belief", instruction=load_prompt(__name__, "extract_belief.txt"),
            input="{belief_talk_user_text}",
            fields=(FieldSpec(name="belief", description="The user's belief in their own words"),),
        ),
        LlmLoop(id="socratic_loop", save_as="socratic_talk",
                prompt=load_prompt(__name__, "socratic.txt"), min_turns=2, max_turns=6),
        Ask(id="feel_after", save_as="feel_after", expect=NumberRange(low=1, high=5)),
        Action(id="save", name="save_result", args={
            "fields": ("event", "belief", "belief_talk", "socratic_talk"),
            "feel_after": "feel_after",
        }),
        Say(id="thanks"),
        SubFlow(id="after", flow_id="after_exercise"),
        End(id="done"),
    ),
)
