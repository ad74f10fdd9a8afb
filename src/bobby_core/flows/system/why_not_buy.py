"""The paywall's answer to a user without access: the checkout link, then "why not buy?".

The link is opened at the payment provider after the turn (see `subscriptions/links.py`), so
the turn only starts this flow; the answer is kept as feedback of kind `why_not_buy`."""

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Action, Ask, Branch, Case, End, FreeText, When
from bobby_core.flows.after_exercise import SKIP_WORDS

FLOW_ID = "why_not_buy"
FEEDBACK_KIND = "why_not_buy"

CHECKOUT_TEXT = (
    "This exercise is part of Bobby's subscription. You can subscribe here, it takes a minute:\n"
    "{link}\n\n"
    "Once it's done, send menu and pick the exercise again. The Burnout check (4) stays free."
)
PORTAL_TEXT = "You can manage or cancel your subscription here:\n{link}"
ACTIVE_NO_PORTAL_TEXT = "Your subscription is active. Enjoy the exercises! Send menu to start."
FREE_TEXT = "Everything in Bobby is free at the moment. Send menu to start an exercise."
LINK_DOWN_TEXT = ("I couldn't make a payment link just now, sorry. Please try again in a few "
                  "minutes by sending subscription.")


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

