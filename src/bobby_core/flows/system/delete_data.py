"""`delete my data`: confirm, then erase the user and everything stored about them."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, End, YesNo

FLOW = Flow(
    id="delete_data", version=1, system=True,
    steps=(
        Ask(id="confirm", save_as="confirm_delete", expect=YesNo()),
        Branch.if_yes(id="decide", var="confirm_delete", then="erase", otherwise="keep"),
        Action(id="erase", name="delete_user", next="erased"),
        End(id="erased"),
        End(id="keep"),
    ),
)
