"""`export my data`: a link to a JSON copy of everything stored about the user."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Branch, Case, End, When

FLOW = Flow(
    id="export_data", version=1, title="Export my data", system=True,
    steps=(
        Action(id="link", name="export_link", next="decide"),
        Branch(id="decide", cases=(Case(when=When(var="export_url", op="set"), goto="sent"),),
               otherwise="unavailable"),
        End(id="sent", text=(
            "Here is a copy of everything I keep about you, as a JSON file:\n{export_url}\n\n"
            "The link works once, for the next {export_minutes} minutes. Don't share it: "
            "whoever opens it sees your messages and answers.")),
        End(id="unavailable", text=(
            "Sorry, I can't make an export link here. The team running me can export your "
            "data for you.")),
    ),
)
