"""After a crisis message the exercise pauses; the user chooses whether to carry on."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, End, YesNo

FLOW = Flow(
    id="pause_check", version=1, title="Pause", system=True,
    steps=(
        Ask(id="resume", save_as="resume_exercise", expect=YesNo(
            hint="Whenever you're ready: reply yes to carry on with the exercise, or no to stop.",
        ), prompt="I've paused our exercise. When you feel ready, would you like to carry on? "
                  "Reply yes or no."),
        Branch.if_yes(id="decide", var="resume_exercise", then="carry_on", otherwise="leave"),
        Action(id="leave", name="leave_exercise", next="left"),
        End(id="left", text="Okay, we'll leave it there."),
        End(id="carry_on", text="Okay, let's carry on."),
    ),
)
