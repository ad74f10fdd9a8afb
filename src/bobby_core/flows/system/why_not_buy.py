"""The paywall's answer to a user without access: the checkout link, then "why not buy?".

The link is opened at the payment provider after the turn (see `subscriptions/links.py`), so
the turn only starts this flow; the answer is kept as feedback of kind `why_not_buy`. The
links' own messages are this flow's `[texts]`."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, Case, End, FreeText, When
from bobby_core.flows.after_exercise import SKIP_WORDS

FLOW_ID = "why_not_buy"
FEEDBACK_KIND = "why_not_buy"

TEXTS = ("checkout", "portal", "active_no_portal", "free", "link_down")
"""The `[texts]` the payment links are said with (`subscriptions/links.py`)."""


FLOW = Flow(
    id=FLOW_ID, version=1, system=True,
    steps=(
        Ask(id="ask", save_as="why_not_buy", expect=FreeText()),
        Branch(id="skipped", cases=(Case(when=When(var="why_not_buy", op="said",
                                                   value=SKIP_WORDS), goto="bye"),),
               otherwise="save"),
        Action(id="save", name="save_feedback", args={"var": "why_not_buy",
                                                      "kind": FEEDBACK_KIND}),
        End(id="thanks"),
        End(id="bye"),
    ),
)

