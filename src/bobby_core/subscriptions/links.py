"""The payment link a user needs now, decided inside the turn and opened by the edge after it.

Without access a user gets the checkout; with it, the billing portal of their plan. The turn
only says which link, for whom, and what to say when none can be made: the provider is called
once the turn is committed (see `PaymentLink`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bobby_core.engine.outcome import Effects
from bobby_core.flows.system.why_not_buy import (
    ACTIVE_NO_PORTAL_TEXT,
    CHECKOUT_TEXT,
    FREE_TEXT,
    LINK_DOWN_TEXT,
    PORTAL_TEXT,
)
from bobby_core.model import LinkKind, OutboundText, PaymentLink, UserId
from bobby_core.subscriptions.model import Subscription
from bobby_core.subscriptions.paywall import Paywall


def checkout_reply(user_id: UserId) -> Effects:
    """The checkout link, for a user without access."""
    return Effects(replies=(OutboundText(body=CHECKOUT_TEXT, link=PaymentLink(
        kind=LinkKind.CHECKOUT, user_id=user_id, unavailable=LINK_DOWN_TEXT)),))


def subscription_reply(paywall: Paywall, user_id: UserId, subscriptions: Iterable[Subscription],
                       now: datetime) -> Effects:
    """What the word `subscription` gets: the portal with access, else the checkout; with no
    payment provider, that everything is free."""
    if not paywall.payments:
        return Effects(replies=(OutboundText(body=FREE_TEXT),))
    access = paywall.access(subscriptions, now)
    if not access.allowed:
        return checkout_reply(user_id)
    if access.customer_id is None:
        return Effects(replies=(OutboundText(body=ACTIVE_NO_PORTAL_TEXT),))
    return Effects(replies=(OutboundText(body=PORTAL_TEXT, link=PaymentLink(
        kind=LinkKind.PORTAL, user_id=user_id, customer_id=access.customer_id,
        unavailable=LINK_DOWN_TEXT)),))
