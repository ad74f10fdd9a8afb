"""A payment provider's event, as the core needs it (the adapter reads the vendor's payload)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bobby_core.subscriptions.model import SubscriptionStatus


class BillingEventKind(StrEnum):
    CHECKOUT_COMPLETED = "checkout_completed"
    SUBSCRIPTION_CHANGED = "subscription_changed"
    INVOICE_PAID = "invoice_paid"
    INVOICE_FAILED = "invoice_failed"
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True, kw_only=True)
class SubscriptionSnapshot:
    """A subscription as the provider showed it (in an event or when fetched)."""

    id: str
    status: SubscriptionStatus
    period_end: datetime | None = None
    cancel_at_period_end: bool = False
    customer_id: str | None = None
    user_ref: str | None = None
    """Our user id, when we put it in the subscription's metadata at checkout."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BillingEvent:
    """One verified provider event. Fields the event type does not carry are None."""

    id: str
    type: str
    kind: BillingEventKind
    created: datetime
    subscription_id: str | None = None
    customer_id: str | None = None
    checkout_id: str | None = None
    one_off: bool = False
    """A completed Checkout in payment mode: a pass, not a subscription."""
    paid: bool = False
    client_reference_id: str | None = None
    phone: str | None = None
    """The phone the provider collected, already normalised to E.164 (None if not valid)."""
    email: str | None = None
    snapshot: SubscriptionSnapshot | None = None
