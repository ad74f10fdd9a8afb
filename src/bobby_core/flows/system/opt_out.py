"""A sentence asking to stop the messages: confirm, then send nothing more until the user says
`start` (a STOP as the whole message needs no confirmation: `conversation.words.opt_out`)."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, End, YesNo

FLOW = Flow(
    id="opt_out", version=1, system=True,
    steps=(
        Ask(id="confirm", save_as="confirm_stop", expect=YesNo()),
        Branch.if_yes(id="decide", var="confirm_stop", then="stop", otherwise="keep"),
        Action(id="stop", name="opt_out", next="stopped"),
        End(id="stopped"),
        End(id="keep"),
    ),
)
