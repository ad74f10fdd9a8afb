"""`export my data`: a link to a JSON copy of everything stored about the user."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Branch, Case, End, When

FLOW = Flow(
    id="export_data", version=1, system=True,
    steps=(
        Action(id="link", name="export_link", next="decide"),
        Branch(id="decide", cases=(Case(when=When(var="export_url", op="set"), goto="sent"),),
               otherwise="unavailable"),
        End(id="sent"),
        End(id="unavailable"),
    ),
)
