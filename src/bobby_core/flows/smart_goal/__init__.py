"""SMART goal: today's goal made specific, measurable, achievable, relevant and time-bound, one
question at a time, then summed up in one sentence."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, End, FreeText, LlmExtract, LlmLoop, Say
from bobby_core.flows.prompts import load_prompt
from bobby_core.llm import FieldShape, FieldSpec

FLOW = Flow(
    id="smart_goal", version=1, menu_key="6",
    aliases=("goal", "goals", "smart", "goal setting", "daily goal", "set a goal"),
    keywords=("goal", "goals", "procrastinating", "procrastinate", "motivated", "motivation",
              "plan", "planning", "productive", "achieve", "organised", "organized",
              "to do list", "get things done"),
    steps=(
        Say(id="welcome"),
        Ask(id="goal", save_as="goal", expect=FreeText(min_chars=3)),
        LlmLoop(id="smart_loop", save_as="smart_talk", prompt=load_prompt(__name__, "smart.txt"),
                min_turns=2, max_turns=7),
        LlmExtract(
            id="summarise", instruction=load_prompt(__name__, "summary.txt"),
            input="{goal}.\n{smart_talk_user_text}",
            fields=(FieldSpec(name="goal_summary",
                              description="The user's SMART goal for today, in one sentence",
                              shape=FieldShape.LINES),),
        ),
        Say(id="summary"),
        Action(id="save", name="save_result", args={
            "fields": ("goal", "smart_talk", "goal_summary"),
        }),
        End(id="done"),
    ),
)
