"""SMART goal: today's goal made specific, measurable, achievable, relevant and time-bound, one
question at a time, then summed up in one sentence."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, End, FreeText, LlmExtract, LlmLoop, Say
from bobby_core.flows.prompts import load_prompt
from bobby_core.llm import FieldShape, FieldSpec

FLOW = Flow(
    id="smart_goal", version=1, title="SMART goal", menu_key="6",
    aliases=("goal", "goals", "smart", "goal setting", "daily goal", "set a goal"),
    description="Turn today's goal into a clear, doable plan (about 3 minutes).",
    steps=(
        Say(id="welcome", text=(
            "Let's set a goal for today. 🎯 We'll make it *SMART*: specific, measurable, "
            "achievable, relevant and time-bound. One question at a time."
        )),
        Ask(id="goal", save_as="goal", expect=FreeText(
            min_chars=3, hint="Just a few words is fine: what would you like to get done today?",
        ), prompt="What's one thing you'd like to achieve today?"),
        LlmLoop(
            id="smart_loop", save_as="smart_talk", prompt=load_prompt(__name__, "smart.txt"),
            guide_questions=(
                "Let's make it specific: what exactly will you do?",
                "How will you know it's done? What will you see or have at the end?",
                "Is that realistic today, with the time and energy you have? If not, what "
                "smaller version would be?",
                "Why does this matter to you?",
                "By when today will you do it?",
            ),
            closing="That's a clear, doable goal. 💪",
            min_turns=2, max_turns=7,
        ),
        LlmExtract(
            id="summarise", instruction=load_prompt(__name__, "summary.txt"),
            input="{goal}.\n{smart_talk_user_text}",
            fields=(FieldSpec(name="goal_summary",
                              description="The user's SMART goal for today, in one sentence",
                              shape=FieldShape.LINES),),
        ),
        Say(id="summary", text="Here's your goal for today:\n*{goal_summary}*"),
        Action(id="save", name="save_result", args={
            "fields": ("goal", "smart_talk", "goal_summary"),
        }),
        End(id="done", text=(
            "You've got this! Come back and tell me how it went. Just say hi. 💙"
        )),
    ),
)
