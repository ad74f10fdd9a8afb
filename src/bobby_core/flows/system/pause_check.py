"""After a crisis message the exercise pauses; the user chooses whether to carry on."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, End, YesNo

FLOW = Flow(
    id="pause_check", version=1, system=True,
    steps=(
        Ask(id="resume", save_as="resume_exercise", expect=YesNo()),
        Branch.if_yes(id="decide", var="resume_exercise", then="carry_on", otherwise="leave"),
        Action(id="leave", name="leave_exercise", next="left"),
        End(id="left"),
        End(id="carry_on"),
    ),
)
