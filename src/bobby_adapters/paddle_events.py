"""Paddle Billing notifications (API version 1) read into the core's BillingEvent.

Only the fields the paywall needs are read, so a field Paddle adds or drops elsewhere never
turns a genuine event into a rejected one; unknown event types are IGNORED."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bobby_core.subscriptions.events import BillingEvent, BillingEventKind, SubscriptionSnapshot
from bobby_core.subscriptions.model import SubscriptionStatus

SUBSCRIPTION_EVENTS = frozenset({
    "subscription.created", "subscription.activated", "subscription.updated",
    "subscription.trialing", "subscription.past_due", "subscription.paused",
    "subscription.resumed", "subscription.canceled",
})
PAYMENT_EVENTS = frozenset({"transaction.paid", "transaction.completed"})
ADJUSTMENT_EVENTS = frozenset({"adjustment.created", "adjustment.updated"})
HANDLED = SUBSCRIPTION_EVENTS | PAYMENT_EVENTS | ADJUSTMENT_EVENTS
"""The events the notification destination should send (the README lists them)."""
USER_REF_KEY = "bobby_user_id"
"""The `custom_data` key our transactions carry our user id under; Paddle copies a
transaction's custom data onto the subscription it creates."""
GIVEN_BACK = frozenset({"refund", "chargeback"})


def _time(value: object) -> datetime | None:
    """An RFC 3339 time as Paddle writes it (`2024-04-12T10:18:49.621022Z`), else None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _user_ref(entity: dict[str, Any]) -> str | None:
    return _text(_dict(entity.get("custom_data")).get(USER_REF_KEY))


def subscription_snapshot(sub: dict[str, Any]) -> SubscriptionSnapshot:
    """A subscription entity (in a notification or from the API); raise KeyError/ValueError
    without an id. A canceled or paused one has no current period: a canceled one's access
    ends when it was canceled (at the period end, when the customer canceled for then)."""
    sub_id = _text(sub["id"])
    if sub_id is None:
        raise ValueError("subscription without an id")
    status = SubscriptionStatus.parse(sub.get("status"))
    end = _time(_dict(sub.get("current_billing_period")).get("ends_at"))
    if end is None and status is SubscriptionStatus.CANCELED:
        end = _time(sub.get("canceled_at"))
    return SubscriptionSnapshot(
        id=sub_id, status=status, period_end=end,
        cancel_at_period_end=_dict(sub.get("scheduled_change")).get("action") == "cancel",
        customer_id=_text(sub.get("customer_id")), user_ref=_user_ref(sub),
        changed_at=_time(sub.get("updated_at")))


def billing_event(envelope: dict[str, Any]) -> BillingEvent:
    """Read a verified notification; raise KeyError/TypeError/ValueError when it is malformed."""
    event_id, event_type = _text(envelope["event_id"]), _text(envelope["event_type"])
    occurred = _time(envelope["occurred_at"])
    if event_id is None or event_type is None or occurred is None:
        raise ValueError("notification without an id, a type or a time")
    base: dict[str, Any] = {"id": event_id, "type": event_type, "created": occurred}
    data = envelope["data"]
    if event_type not in HANDLED or not isinstance(data, dict):
        if event_type in HANDLED:
            raise TypeError("notification data is not an object")
        return BillingEvent(**base, kind=BillingEventKind.IGNORED)
    if event_type in SUBSCRIPTION_EVENTS:
        snap = subscription_snapshot(data)
        return BillingEvent(**base, kind=BillingEventKind.SUBSCRIPTION_CHANGED,
                            subscription_id=snap.id, customer_id=snap.customer_id, snapshot=snap)
    if event_type in PAYMENT_EVENTS:
        return _payment(base, data)
    return _adjustment(base, data)


def _payment(base: dict[str, Any], txn: dict[str, Any]) -> BillingEvent:
    """A paid transaction: a subscription's payment, or a one-off purchase (a pass). Paddle
    creates the subscription after the first payment, so `transaction.paid` of a checkout
    names none yet: with recurring prices that is not a pass, and it teaches nothing."""
    txn_id, customer = _text(txn.get("id")), _text(txn.get("customer_id"))
    subscription, ref = _text(txn.get("subscription_id")), _user_ref(txn)
    if subscription is not None:
        end = _time(_dict(txn.get("billing_period")).get("ends_at"))
        snapshot = SubscriptionSnapshot(id=subscription, status=SubscriptionStatus.ACTIVE,
                                        period_end=end, customer_id=customer, user_ref=ref)
        return BillingEvent(**base, kind=BillingEventKind.INVOICE_PAID, subscription_id=subscription,
                            customer_id=customer, payment_id=txn_id, client_reference_id=ref,
                            snapshot=snapshot)
    items = _list(txn.get("items"))
    recurring = any(_dict(_dict(item).get("price")).get("billing_cycle") for item in items)
    if txn_id is None or not items or recurring:
        return BillingEvent(**base, kind=BillingEventKind.IGNORED)
    return BillingEvent(**base, kind=BillingEventKind.CHECKOUT_COMPLETED, checkout_id=txn_id,
                        payment_id=txn_id, customer_id=customer, one_off=True, paid=True,
                        client_reference_id=ref)


def _adjustment(base: dict[str, Any], adjustment: dict[str, Any]) -> BillingEvent:
    """A refund or chargeback of a whole transaction, once approved (refunds wait for
    Paddle's approval: `adjustment.updated` brings it). Partial ones change no access."""
    items = [_dict(item) for item in _list(adjustment.get("items"))]
    whole = adjustment.get("type") == "full" or (
        bool(items) and all(item.get("type") == "full" for item in items))
    payment = _text(adjustment.get("transaction_id"))
    if (adjustment.get("action") not in GIVEN_BACK or adjustment.get("status") != "approved"
            or not whole or payment is None):
        return BillingEvent(**base, kind=BillingEventKind.IGNORED)
    return BillingEvent(**base, kind=BillingEventKind.REFUNDED, payment_id=payment,
                        subscription_id=_text(adjustment.get("subscription_id")),
                        customer_id=_text(adjustment.get("customer_id")))
