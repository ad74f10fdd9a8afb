"""The paywall policy: which flows a user may start without access.

Only exercises are gated. System flows (consent, stop, delete my data, the crisis pause, the
reminder and feedback questions, the "why not buy" question) never are, and neither are crisis
replies or global words, which do not start an exercise at all. The Burnout check is free for
everyone (its instrument's licence is non-commercial, see `flows/burnout/scoring.py`), also
when it is started by the deep link `Burnout Check-In`."""

from __future__ import annotations

import re

from bobby_core.flows import SYSTEM_FLOWS
from bobby_core.flows.system.why_not_buy import FLOW_ID as WHY_NOT_BUY
from bobby_core.subscriptions.access import Access

FREE_EXERCISE = "burnout"
"""The exercise the checkout message names as staying free."""
FREE_FLOWS = frozenset({FREE_EXERCISE, "welcome"})
"""The Burnout check (see above), and Welcome: who Bobby is and what it can and cannot do is
for everyone to read before they decide to pay."""
SYSTEM_FLOW_IDS = frozenset(flow.id for flow in SYSTEM_FLOWS)
PAYWALL_FLOW = WHY_NOT_BUY
"""What starts, after the checkout link, when a user without access picks an exercise."""
SUBSCRIPTION_WORDS = frozenset({
    "subscription", "my subscription", "subscribe", "manage subscription",
    "cancel subscription", "cancel my subscription", "billing",
})
"""Whole messages that ask for the subscription link: the portal with access, else checkout.
(`unsubscribe` stays the global STOP word.)"""


def is_gated(flow_id: str) -> bool:
    """Whether starting this flow needs access while the paywall is on."""
    return flow_id not in FREE_FLOWS and flow_id not in SYSTEM_FLOW_IDS


def is_subscription_word(text: str) -> bool:
    """Whether the whole message asks about the user's subscription (any case, punctuation)."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split()) in SUBSCRIPTION_WORDS


def may_start(flow_id: str, access: Access, paywall_on: bool) -> bool:
    """Whether a user with `access` may start `flow_id` now."""
    return not paywall_on or access.allowed or not is_gated(flow_id)
