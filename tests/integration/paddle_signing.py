"""Paddle notifications as Paddle sends them (the documented envelope: `event_id`,
`event_type`, `occurred_at`, `notification_id`, `data`), signed with the SDK's own HMAC helper:
`Paddle-Signature: ts=<unix seconds>;h1=<HMAC-SHA256 hex of "ts:raw body">`."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

import pytest
from paddle_billing import Client
from paddle_billing.Notifications import PaddleSignature

from bobby_adapters.paddle_payments import PaddlePaymentGateway
from tests.integration.fake_paddle import (
    CUSTOMER_ID,
    PASS_PRICE_ID,
    PRICE_ID,
    iso,
    paddle_id,
    price,
    subscription_entity,
    totals,
)

SECRET = "pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI"


def reader() -> PaddlePaymentGateway:
    """A gateway that only reads notifications (any API call fails the test)."""
    def no_client() -> Client:
        pytest.fail("a notification was read with an API call")

    return PaddlePaymentGateway(no_client, webhook_secret=SECRET, price_id=PRICE_ID,
                                checkout_url="https://bobby.example.org/pay")


def event(type_: str, data: dict[str, Any], occurred: datetime,
          event_id: str | None = None) -> str:
    return json.dumps({"event_id": event_id or paddle_id("evt"), "event_type": type_,
                       "occurred_at": iso(occurred), "notification_id": paddle_id("ntf"),
                       "data": data})


def signed(payload: str, secret: str = SECRET, at: int | None = None) -> str:
    ts = int(time.time()) if at is None else at
    digest = PaddleSignature.calculate_hmac(secret, f"{ts}:{payload}".encode()).hexdigest()
    return f"ts={ts};h1={digest}"


def subscription_event(type_: str, sub_id: str, status: str, occurred: datetime, *,
                       starts: datetime | None = None, ends: datetime | None = None,
                       user_ref: str | None = None, scheduled_cancel: datetime | None = None,
                       canceled_at: datetime | None = None,
                       paused_at: datetime | None = None) -> str:
    """A subscription.* notification; its entity was last changed when the event occurred."""
    return event(type_, subscription_entity(
        sub_id, status, starts=starts, ends=ends, updated=occurred, user_ref=user_ref,
        scheduled_cancel=scheduled_cancel, canceled_at=canceled_at, paused_at=paused_at),
        occurred)


def transaction_event(type_: str, occurred: datetime, *, sub_id: str | None,
                      starts: datetime | None = None, ends: datetime | None = None,
                      user_ref: str | None = None, txn_id: str | None = None,
                      one_off: bool = False) -> str:
    """transaction.paid / transaction.completed. Paddle's documented sequence: `paid` comes
    before the subscription exists (no subscription_id, no billing_period); `completed`
    names the subscription it created and the period paid for."""
    period = {"starts_at": iso(starts), "ends_at": iso(ends)} if starts and ends else None
    status = "completed" if type_ == "transaction.completed" else "paid"
    return event(type_, {
        "id": txn_id or paddle_id("txn"), "status": status, "customer_id": CUSTOMER_ID,
        "address_id": "add_01hv8gq3318ktkfengj2r75gfx", "business_id": None,
        "custom_data": {"bobby_user_id": user_ref} if user_ref else None, "currency_code": "GBP",
        "origin": "web", "subscription_id": sub_id, "invoice_id": paddle_id("inv"),
        "invoice_number": "325-10566", "collection_mode": "automatic", "discount_id": None,
        "billing_details": None, "billing_period": period,
        "items": [{"price": price(PASS_PRICE_ID if one_off else PRICE_ID), "quantity": 1,
                   "proration": None}],
        "details": {"totals": {**totals(), "balance": "0"}, "tax_rates_used": [],
                    "line_items": [], "adjusted_totals": None, "payout_totals": None,
                    "adjusted_payout_totals": None},
        "payments": [{"amount": "900", "status": "captured", "created_at": iso(occurred),
                      "error_code": None, "captured_at": iso(occurred),
                      "method_details": {"type": "card", "card": {
                          "type": "visa", "last4": "4242", "expiry_year": 2030,
                          "expiry_month": 1, "cardholder_name": "Sam"}},
                      "payment_method_id": paddle_id("paymtd"),
                      "payment_attempt_id": "22c9e7c0-d462-443c-bcc8-4a01e0d219b3",
                      "stored_payment_method_id": "a947e973-f009-44b4-8d63-f3e23d17f100"}],
        "checkout": {"url": "https://bobby.example.org/pay?_ptxn=txn_01hv975mbh902hcyb7mks5kt0n"},
        "created_at": iso(occurred), "updated_at": iso(occurred), "billed_at": iso(occurred),
        "revised_at": None,
    }, occurred)


def adjustment_event(txn_id: str, occurred: datetime, *, status: str = "approved",
                     action: str = "refund", kind: str = "full",
                     type_: str = "adjustment.created", sub_id: str | None = None) -> str:
    """A refund (or chargeback) of a transaction. Refunds are created `pending_approval`;
    `adjustment.updated` says when Paddle approved or rejected them."""
    totals = {"subtotal": "750", "tax": "150", "total": "900", "fee": "45", "earnings": "705",
              "currency_code": "GBP", "retained_fee": "0"}
    return event(type_, {
        "id": paddle_id("adj"), "action": action, "type": kind,
        "transaction_id": txn_id, "subscription_id": sub_id, "customer_id": CUSTOMER_ID,
        "reason": "error", "credit_applied_to_balance": None, "currency_code": "GBP",
        "status": status,
        "items": [{"id": paddle_id("adjitm"), "item_id": paddle_id("txnitm"), "type": kind,
                   "amount": "900", "proration": None,
                   "totals": {"subtotal": "750", "tax": "150", "total": "900"}}],
        "totals": totals, "payout_totals": {**totals, "chargeback_fee": None},
        "tax_rates_used": [], "created_at": iso(occurred), "updated_at": iso(occurred),
    }, occurred)
