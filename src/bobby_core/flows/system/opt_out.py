"""`stop`: confirm, then send nothing more until the user says `start`."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, End, YesNo

FLOW = Flow(
    id="opt_out", version=1, title="Stop messages", system=True,
    steps=(
        Ask(id="confirm", save_as="confirm_stop", expect=YesNo(),
            prompt="Do you want to stop all messages from Bobby? Reply yes or no."),
        Branch.if_yes(id="decide", var="confirm_stop", then="stop", otherwise="keep"),
        Action(id="stop", name="opt_out", next="stopped"),
        End(id="stopped", text=(
            "Done. You won't get any more messages from me. Send START whenever you want to "
            "come back."
        )),
        End(id="keep", text="Okay, nothing has changed."),
    ),
)
