"""First contact: say what Bobby is and is not, and ask before storing anything."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, End, Say, YesNo

FLOW_ID = "consent"

FLOW = Flow(
    id=FLOW_ID, version=1, system=True,
    steps=(
        Say(id="disclose"),
        Ask(id="ask", save_as="consent", expect=YesNo()),
        Branch.if_yes(id="decide", var="consent", then="accept", otherwise="decline"),
        Action(id="accept", name="set_consent", args={"status": "given"}, next="thanks"),
        Action(id="decline", name="set_consent", args={"status": "declined"}, next="bye"),
        End(id="bye"),
        End(id="thanks"),
    ),
)
