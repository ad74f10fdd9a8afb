"""Release and Focus (sphere of influence): one challenge, what is outside the user's control
(let go), then what is inside it (focus); how clear the next step feels; a pointer that fits."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    Case,
    End,
    FreeText,
    LlmLoop,
    NumberRange,
    Say,
    SubFlow,
    When,
    YesNo,
)
from bobby_core.flows.prompts import load_prompt
from bobby_core.flows.support import PROFESSIONAL_HELP

FLOW = Flow(
    id="release_focus", version=1, title="Release and Focus", menu_key="3",
    aliases=("release", "focus", "release and focus", "control", "sphere of influence"),
    description="Let go of what you can't control and focus on what you can (about 5 minutes).",
    steps=(
        Say(id="welcome", text=(
            "Let's do *Release and Focus*. 🎯 Every challenge has parts we can't control and "
            "parts we can. Worrying about the first drains us; acting on the second moves us "
            "forward. We'll sort the two together."
        )),
        Ask(id="challenge", save_as="challenge", expect=FreeText(
            min_chars=3, hint="Tell me in a sentence or two what the challenge is.",
        ), prompt="What's a specific challenge or issue you're facing at the moment?"),
        LlmLoop(
            id="control_loop", save_as="control_talk", prompt=load_prompt(__name__, "control.txt"),
            guide_questions=(
                "What is one part of this that's outside your control?",
                "What else about it can't you control? Naming it makes it easier to let it go.",
                "Now let's turn to what you *can* influence. What is one thing within your "
                "control here?",
                "What else could you do, say or decide that's up to you?",
            ),
            closing=(
                "Thank you. You've named what you can let go of and what's in your hands. "
                "Putting your energy into the things you can control is where change happens."
            ),
            min_turns=4, max_turns=8,
        ),
        Ask(id="clarity", save_as="clarity", expect=NumberRange(low=1, high=5), prompt=(
            "How clear do you feel about your next step now, from 1 to 5?\n"
            "1 - I don't know where to focus\n3 - I'm torn\n5 - I know what to focus on"
        )),
        Action(id="save", name="save_result",
               args={"fields": ("challenge", "control_talk"), "feel_after": "clarity"}),
        Branch(id="by_clarity", cases=(
            Case(when=When(var="clarity", op=">", value=3), goto="offer_goal"),
            Case(when=When(var="clarity", op="<", value=3), goto="get_help"),
        ), otherwise="thanks"),
        Ask(id="offer_goal", save_as="wants_goal", expect=YesNo(), prompt=(
            "That's great, your next step sounds clear. 🙌 Turning it into a small goal for "
            "today helps many people follow through. Shall we set one together with *SMART "
            "goal* once we're done here? Reply yes or no."
        ), next="after"),
        Say(id="get_help", text=(
            "Thank you for sticking with it. It's okay if things still feel unclear. "
            + PROFESSIONAL_HELP
        ), next="after"),
        Say(id="thanks", text="Thank you for taking the time to sort through this. 🌱"),
        SubFlow(id="after", flow_id="after_exercise"),
        Branch(id="goal_next", cases=(
            Case(when=When(var="wants_goal", op="==", value=True), goto="to_goal"),
        ), otherwise="done"),
        Say(id="to_goal", text="And now, as promised, your goal for today."),
        Action(id="start_goal", name="start_flow", args={"flow": "smart_goal"}, next="done"),
        End(id="done"),
    ),
)
