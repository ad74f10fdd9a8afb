"""Stripe events as Stripe sends them, signed with the SDK's own helper."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import stripe

from tests.integration.fake_stripe import subscription_object

SECRET = "whsec_test_0123456789abcdef"
_ids = itertools.count(1)


def event(type_: str, obj: dict[str, Any], created: int | None = None,
          event_id: str | None = None) -> str:
    return json.dumps({"id": event_id or f"evt_test_{next(_ids)}", "object": "event",
                       "api_version": "2026-10-28.endive", "type": type_,
                       "created": created or int(time.time()), "livemode": False,
                       "data": {"object": obj}})


def signed(payload: str, secret: str = SECRET, at: int | None = None) -> str:
    header: str = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=at)
    return header


def checkout_completed(*, ref: str | None = None, phone: str | None = None,
                       email: str | None = "sam@example.com", sub_id: str = "sub_1",
                       mode: str = "subscription", created: int | None = None,
                       payment_intent: str | None = None) -> str:
    """A completed Checkout Session; in payment mode (a pass) it names its PaymentIntent."""
    return event("checkout.session.completed", {
        "id": f"cs_test_{next(_ids)}", "object": "checkout.session", "mode": mode,
        "status": "complete", "payment_status": "paid", "client_reference_id": ref,
        "customer": "cus_1", "subscription": sub_id if mode == "subscription" else None,
        "payment_intent": payment_intent if mode == "payment" else None,
        "customer_details": {"email": email, "phone": phone, "name": "Sam"}}, created)


def charge_refunded(payment_intent: str, created: int, *, full: bool = True) -> str:
    """charge.refunded: `refunded` is true only once the whole amount is refunded."""
    return event("charge.refunded", {
        "id": f"ch_test_{next(_ids)}", "object": "charge", "amount": 900,
        "amount_refunded": 900 if full else 300, "refunded": full, "customer": "cus_1",
        "payment_intent": payment_intent, "status": "succeeded", "paid": True}, created)


def subscription_event(type_: str, status: str, period_end: int, created: int,
                       sub_id: str = "sub_1", cancel_at_period_end: bool = False,
                       user_ref: str | None = None) -> str:
    return event(type_, subscription_object(sub_id, status, period_end, user_ref=user_ref,
                                            cancel_at_period_end=cancel_at_period_end), created)


def invoice_event(paid: bool, period_end: int, created: int, sub_id: str = "sub_1") -> str:
    return event("invoice.paid" if paid else "invoice.payment_failed", {
        "id": f"in_test_{next(_ids)}", "object": "invoice", "customer": "cus_1",
        "status": "paid" if paid else "open", "customer_email": "sam@example.com",
        "parent": {"type": "subscription_details",
                   "subscription_details": {"subscription": sub_id, "metadata": {}}},
        "lines": {"object": "list", "data": [
            {"id": "il_1", "object": "line_item",
             "period": {"start": period_end - 30 * 86400, "end": period_end}}]}}, created)
