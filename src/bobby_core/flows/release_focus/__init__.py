"""Release and Focus (sphere of influence): one challenge, what is outside the user's control
(let go), then what is inside it (focus); how clear the next step feels; a pointer that fits:
a clear step is offered a SMART goal, an unclear one a pointer to professional help."""

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

FLOW = Flow(
    id="release_focus", version=1, menu_key="3",
    aliases=("release", "focus", "release and focus", "control", "sphere of influence"),
    keywords=("stuck", "control", "uncertain", "uncertainty", "powerless", "helpless",
              "overwhelmed", "stressed", "stress", "too much", "out of my hands", "layoffs",
              "change", "changes", "deadline", "deadlines"),
    steps=(
        Say(id="welcome"),
        Ask(id="challenge", save_as="challenge", expect=FreeText(min_chars=3)),
        LlmLoop(id="control_loop", save_as="control_talk",
                prompt=load_prompt(__name__, "control.txt"), min_turns=4, max_turns=8),
        Action(id="reflect", name="reflect_control"),
        Say(id="reflection"),
        Ask(id="clarity", save_as="clarity", expect=NumberRange(low=1, high=5)),
        Action(id="save", name="save_result",
               args={"fields": ("challenge", "control_talk"), "feel_after": "clarity"}),
        Branch(id="by_clarity", cases=(
            Case(when=When(var="clarity", op=">", value=3), goto="offer_goal"),
            Case(when=When(var="clarity", op="<", value=3), goto="get_help"),
        ), otherwise="thanks"),
        Ask(id="offer_goal", save_as="wants_goal", expect=YesNo(), next="after"),
        Say(id="get_help", next="after"),
        Say(id="thanks"),
        SubFlow(id="after", flow_id="after_exercise"),
        Branch.if_yes(id="goal_next", var="wants_goal", then="to_goal", otherwise="done"),
        Say(id="to_goal"),
        Action(id="start_goal", name="start_flow", args={"flow": "smart_goal"}, next="done"),
        End(id="done"),
    ),
)
