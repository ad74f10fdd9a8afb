"""Stripe's v1 snapshot events (API versions from 2025-03-31 "basil" on) read into the core's
BillingEvent. Only the fields the paywall needs are read; unknown types are IGNORED."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import phonenumbers

from bobby_core.subscriptions.events import BillingEvent, BillingEventKind, SubscriptionSnapshot
from bobby_core.subscriptions.model import SubscriptionStatus

KINDS = {
    "checkout.session.completed": BillingEventKind.CHECKOUT_COMPLETED,
    "customer.subscription.created": BillingEventKind.SUBSCRIPTION_CHANGED,
    "customer.subscription.updated": BillingEventKind.SUBSCRIPTION_CHANGED,
    "customer.subscription.deleted": BillingEventKind.SUBSCRIPTION_CHANGED,
    "invoice.paid": BillingEventKind.INVOICE_PAID,
    "invoice.payment_failed": BillingEventKind.INVOICE_FAILED,
    "charge.refunded": BillingEventKind.REFUNDED,
}
USER_REF_KEY = "bobby_user_id"
"""The metadata key our Checkout Sessions put our user id under (on the subscription too)."""


def e164(raw: object) -> str | None:
    """The phone Stripe collected as E.164, or None unless it is a whole, plausible number."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    try:
        number = phonenumbers.parse(text if text.startswith("+") else "+" + text, None)
    except phonenumbers.NumberParseException:
        return None
    # "Possible" (a plausible length for the country), not "valid": numbers in ranges kept for
    # fiction and tests (+44 7700 900xxx) must still match the user who wrote from them.
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _time(value: object) -> datetime | None:
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None  # out of any calendar: as good as missing
    return None


def _id(value: object) -> str | None:
    """An expandable field: an id string, or the expanded object's id."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, dict):
        return _id(value.get("id"))
    return None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def subscription_snapshot(sub: dict[str, Any]) -> SubscriptionSnapshot:
    """A Subscription object: since basil the period end lives on each subscription item."""
    items = _dict(sub.get("items")).get("data") or []
    ends = [t for t in (_time(_dict(i).get("current_period_end")) for i in items) if t]
    legacy = _time(sub.get("current_period_end"))  # accounts still on an older API version
    ref = _dict(sub.get("metadata")).get(USER_REF_KEY)
    return SubscriptionSnapshot(
        id=str(sub["id"]), status=SubscriptionStatus.parse(sub.get("status")),
        period_end=max(ends) if ends else legacy,
        cancel_at_period_end=bool(sub.get("cancel_at_period_end")),
        customer_id=_id(sub.get("customer")), user_ref=ref if isinstance(ref, str) else None)


def billing_event(event: dict[str, Any]) -> BillingEvent:
    """Read a verified event; raise KeyError/TypeError/ValueError when it is malformed."""
    kind = KINDS.get(str(event["type"]), BillingEventKind.IGNORED)
    created = _time(event["created"])
    if created is None:
        raise ValueError("event without a creation time")
    base: dict[str, Any] = {"id": str(event["id"]), "type": str(event["type"]), "kind": kind,
                            "created": created}
    obj = _dict(_dict(event["data"])["object"])
    if kind is BillingEventKind.CHECKOUT_COMPLETED:
        return _checkout(base, obj)
    if kind is BillingEventKind.SUBSCRIPTION_CHANGED:
        snap = subscription_snapshot(obj)
        return BillingEvent(**base, subscription_id=snap.id, customer_id=snap.customer_id,
                            snapshot=snap)
    if kind in (BillingEventKind.INVOICE_PAID, BillingEventKind.INVOICE_FAILED):
        return _invoice(base, obj)
    if kind is BillingEventKind.REFUNDED:
        return _refund(base, obj)
    return BillingEvent(**base)


def _checkout(base: dict[str, Any], session: dict[str, Any]) -> BillingEvent:
    details = _dict(session.get("customer_details"))
    ref = session.get("client_reference_id") or _dict(session.get("metadata")).get(USER_REF_KEY)
    email = details.get("email") or session.get("customer_email")
    return BillingEvent(
        **base, checkout_id=_id(session.get("id")), subscription_id=_id(session.get("subscription")),
        customer_id=_id(session.get("customer")), payment_id=_id(session.get("payment_intent")),
        one_off=session.get("mode") == "payment",
        paid=session.get("payment_status") in ("paid", "no_payment_required"),
        client_reference_id=ref if isinstance(ref, str) and ref else None,
        phone=e164(details.get("phone")), email=email if isinstance(email, str) else None)


def _invoice(base: dict[str, Any], invoice: dict[str, Any]) -> BillingEvent:
    parent = _dict(_dict(invoice.get("parent")).get("subscription_details"))
    subscription = _id(parent.get("subscription")) or _id(invoice.get("subscription"))
    lines = _dict(invoice.get("lines")).get("data") or []
    ends = [t for t in (_time(_dict(_dict(line).get("period")).get("end")) for line in lines) if t]
    ref = _dict(parent.get("metadata")).get(USER_REF_KEY)
    snapshot = None
    if subscription:
        status = (SubscriptionStatus.ACTIVE if base["kind"] is BillingEventKind.INVOICE_PAID
                  else SubscriptionStatus.PAST_DUE)
        snapshot = SubscriptionSnapshot(id=subscription, status=status,
                                        period_end=max(ends) if ends else None,
                                        customer_id=_id(invoice.get("customer")),
                                        user_ref=ref if isinstance(ref, str) else None)
    email = invoice.get("customer_email")
    return BillingEvent(**base, subscription_id=subscription, customer_id=_id(invoice.get("customer")),
                        email=email if isinstance(email, str) else None, snapshot=snapshot)


def _refund(base: dict[str, Any], charge: dict[str, Any]) -> BillingEvent:
    """A charge refunded in full (`refunded` stays false for a partial refund): it names the
    PaymentIntent a pass's Checkout Session paid with, so the pass can be voided."""
    payment = _id(charge.get("payment_intent"))
    if charge.get("refunded") is not True or payment is None:
        return BillingEvent(**{**base, "kind": BillingEventKind.IGNORED})
    return BillingEvent(**base, payment_id=payment, customer_id=_id(charge.get("customer")))
