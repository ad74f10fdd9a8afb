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
    REFUNDED = "refunded"
    """A payment was given back in full (refunded or charged back)."""
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
    changed_at: datetime | None = None
    """When the provider last changed the subscription, by its own clock, if it says."""
    email: str | None = None
    """The customer's address, when the provider gave it with the subscription."""


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
    payment_id: str | None = None
    """The provider's id of the payment: a pass is kept under it, and a refund names it."""
    one_off: bool = False
    """A completed one-off payment: a pass, not a subscription."""
    paid: bool = False
    client_reference_id: str | None = None
    phone: str | None = None
    """The phone the provider collected, already normalised to E.164 (None if not valid)."""
    email: str | None = None
    snapshot: SubscriptionSnapshot | None = None
