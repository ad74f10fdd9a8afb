"""Carry on with the exercise, or leave it? Asked when a crisis message paused it
(`pause_check`) and when a greeting arrives in the middle of it (`resume_check`): one structure,
each with its own words (`pause_check.toml`, `resume_check.toml`)."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, End, YesNo

PAUSE_CHECK, RESUME_CHECK = "pause_check", "resume_check"


def carry_on_check(flow_id: str) -> Flow:
    return Flow(
        id=flow_id, version=1, system=True,
        steps=(
            Ask(id="resume", save_as="resume_exercise", expect=YesNo()),
            Branch.if_yes(id="decide", var="resume_exercise", then="carry_on", otherwise="leave"),
            Action(id="leave", name="leave_exercise", next="left"),
            End(id="left"),
            End(id="carry_on"),
        ),
    )


FLOWS = (carry_on_check(PAUSE_CHECK), carry_on_check(RESUME_CHECK))
