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
    id="reflect", version=1, title="Reflect", menu_key="2", aliases=("reflect", "reflection"),
    description="Look at one situation from a new angle (about 5 minutes).",
    steps=(
        Say(id="welcome", text=(
            "Let's take a few minutes to reflect. We'll look at one situation, the thoughts it "
            "brings up, and whether there's another way to see it."
        )),
        Ask(id="event", save_as="event", expect=FreeText(
            min_chars=3, hint="Tell me in a sentence or two what happened or what's on your mind.",
        ), prompt="What's an event, challenge or situation that's been on your mind lately?"),
        LlmLoop(
            id="belief_loop", save_as="belief_talk", prompt=load_prompt(__name__, "belief.txt"),
            guide_questions=(
                "When you think about it, what goes through your mind? What do you tell yourself "
                "about it, or about yourself?",
            ),
            closing="Thank you, that helps me understand what this situation means to you.",
            min_turns=1, max_turns=3,
        ),
        LlmExtract(
            id="name_belief", instruction=load_prompt(__name__, "extract_belief.txt"),
            input="{belief_talk_user_text}",
            fields=(FieldSpec(name="belief", description="The user's belief in their own words"),),
        ),
        LlmLoop(
            id="socratic_loop", save_as="socratic_talk",
            prompt=load_prompt(__name__, "socratic.txt"),
            guide_questions=(
                "What makes you believe that thought is true? Is there anything that doesn't "
                "quite fit with it?",
                "If a good friend were in the same situation and thought this, what would you "
                "say to them?",
                "Is there another way of looking at what happened that might also be true?",
            ),
            closing=(
                "Thank you for looking at this so honestly. Thoughts can feel like facts, and "
                "noticing that is a real step."
            ),
            min_turns=2, max_turns=6,
        ),
        Ask(id="feel_after", save_as="feel_after", expect=NumberRange(low=1, high=5), prompt=(
            "After reflecting, how do you feel about the situation now, from 1 to 5?\n"
            "1 - worse\n3 - the same\n5 - better"
        )),
        Action(id="save", name="save_result", args={
            "fields": ("event", "belief", "belief_talk", "socratic_talk"),
            "feel_after": "feel_after",
        }),
        Say(id="thanks", text="Thank you for taking the time to reflect. 🌱"),
        SubFlow(id="after", flow_id="after_exercise"),
        End(id="done"),
    ),
)
