"""From a provider event (and, when it lacks the subscription's state, a fresh fetch) to the
fact `merge` folds into the stored subscription."""

from __future__ import annotations

from datetime import datetime

from bobby_core.subscriptions.events import BillingEvent, BillingEventKind, SubscriptionSnapshot
from bobby_core.subscriptions.model import Evidence, PlanKind, Subscription, SubscriptionStatus

NEEDS_FETCH = frozenset({BillingEventKind.CHECKOUT_COMPLETED, BillingEventKind.INVOICE_PAID,
                         BillingEventKind.INVOICE_FAILED})
"""Events that do not carry the subscription's status: a checkout, an invoice."""


def wants_fetch(event: BillingEvent) -> str | None:
    """The subscription to fetch from the provider before applying `event`, if any."""
    if event.kind in NEEDS_FETCH and not event.one_off:
        return event.subscription_id
    return None


def observed(snapshot: SubscriptionSnapshot, as_of: datetime) -> Subscription:
    """A subscription as the provider showed it at `as_of`."""
    return Subscription(id=snapshot.id, status=snapshot.status, as_of=as_of,
                        evidence=Evidence.OBSERVED, period_end=snapshot.period_end,
                        cancel_at_period_end=snapshot.cancel_at_period_end,
                        customer_id=snapshot.customer_id)


def fact_from(event: BillingEvent, fetched: SubscriptionSnapshot | None,
              fetched_at: datetime) -> Subscription | None:
    """The fact `event` teaches; None when it concerns no subscription or pass we track.

    A fetched subscription is newer than the event (it was read after it arrived), so it is
    dated `fetched_at`. Without one, a checkout or invoice only lets us infer a status, which
    never outranks what a subscription event showed."""
    if fetched is not None:
        return observed(fetched, fetched_at)
    if event.kind is BillingEventKind.SUBSCRIPTION_CHANGED and event.snapshot is not None:
        # The subscription's own change time orders its versions even when one event was
        # sent later than another that showed a newer version.
        return observed(event.snapshot, event.snapshot.changed_at or event.created)
    if event.kind is BillingEventKind.REFUNDED and event.payment_id:
        return refunded(event, event.payment_id)
    if event.kind is BillingEventKind.CHECKOUT_COMPLETED:
        pass_id = event.payment_id or event.checkout_id
        if event.one_off and pass_id:
            status = SubscriptionStatus.ACTIVE if event.paid else SubscriptionStatus.INCOMPLETE
            return Subscription(id=pass_id, kind=PlanKind.ONE_OFF, status=status,
                                as_of=event.created, customer_id=event.customer_id)
        if event.subscription_id:
            return _inferred(event, event.subscription_id,
                             SubscriptionStatus.ACTIVE if event.paid else SubscriptionStatus.INCOMPLETE,
                             None)
    if event.kind in (BillingEventKind.INVOICE_PAID, BillingEventKind.INVOICE_FAILED) and \
            event.subscription_id:
        paid = event.kind is BillingEventKind.INVOICE_PAID
        end = event.snapshot.period_end if event.snapshot else None
        return _inferred(event, event.subscription_id,
                         SubscriptionStatus.ACTIVE if paid else SubscriptionStatus.PAST_DUE, end)
    return None


def refunded(event: BillingEvent, payment_id: str) -> Subscription:
    """A payment given back: the pass it bought (kept under the payment's id) is void, in
    whichever order the purchase and the refund arrive (a canceled pass outranks a paid one).
    A refunded subscription payment only leaves this record: the subscription's own status
    still decides its access, so a refund that should end it is paired with a cancellation."""
    return Subscription(id=payment_id, kind=PlanKind.ONE_OFF, status=SubscriptionStatus.CANCELED,
                        as_of=event.created, customer_id=event.customer_id)


def _inferred(event: BillingEvent, subscription_id: str, status: SubscriptionStatus,
              period_end: datetime | None) -> Subscription:
    return Subscription(id=subscription_id, status=status, as_of=event.created,
                        evidence=Evidence.INFERRED, period_end=period_end,
                        customer_id=event.customer_id)
