"""Stripe may deliver a subscription's events in any order and more than once: the stored
state, and so the access, must come out the same."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bobby_core.subscriptions.access import AccessRules, access
from bobby_core.subscriptions.events import BillingEvent, BillingEventKind, SubscriptionSnapshot
from bobby_core.subscriptions.facts import fact_from
from bobby_core.subscriptions.model import Subscription, SubscriptionStatus, merge

T0 = datetime(2026, 3, 1, tzinfo=UTC)
MONTH = timedelta(days=30)


def changed(n: int, type_: str, status: SubscriptionStatus, at: timedelta,
            end: timedelta) -> BillingEvent:
    return BillingEvent(id=f"evt_{n}", type=type_, kind=BillingEventKind.SUBSCRIPTION_CHANGED,
                        created=T0 + at, subscription_id="sub_1", customer_id="cus_1",
                        snapshot=SubscriptionSnapshot(id="sub_1", status=status,
                                                      period_end=T0 + end, customer_id="cus_1"))


def invoice(n: int, paid: bool, at: timedelta, end: timedelta) -> BillingEvent:
    kind = BillingEventKind.INVOICE_PAID if paid else BillingEventKind.INVOICE_FAILED
    return BillingEvent(id=f"evt_{n}", type="invoice", kind=kind, created=T0 + at,
                        subscription_id="sub_1", customer_id="cus_1",
                        snapshot=SubscriptionSnapshot(id="sub_1", status=SubscriptionStatus.ACTIVE,
                                                      period_end=T0 + end))


LIFE = [
    changed(1, "customer.subscription.created", SubscriptionStatus.INCOMPLETE, timedelta(0), MONTH),
    invoice(2, True, timedelta(seconds=1), MONTH),
    changed(3, "customer.subscription.updated", SubscriptionStatus.ACTIVE, timedelta(seconds=1),
            MONTH),
    invoice(4, False, MONTH, 2 * MONTH),
    changed(5, "customer.subscription.updated", SubscriptionStatus.PAST_DUE, MONTH, 2 * MONTH),
    invoice(6, True, MONTH + timedelta(days=2), 2 * MONTH),
    changed(7, "customer.subscription.updated", SubscriptionStatus.ACTIVE,
            MONTH + timedelta(days=2), 2 * MONTH),
    changed(8, "customer.subscription.deleted", SubscriptionStatus.CANCELED,
            MONTH + timedelta(days=10), 2 * MONTH),
]
PROBES = [T0 + timedelta(days=d) for d in (1, 31, 45, 59, 61, 90)]


def fold(events: list[BillingEvent]) -> Subscription | None:
    row: Subscription | None = None
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            continue  # what the processed-events table does
        seen.add(event.id)
        fact = fact_from(event, None, event.created)
        assert fact is not None
        row = merge(row, fact)
    return row


def access_over_time(row: Subscription | None) -> list[bool]:
    return [access([row] if row else [], now, AccessRules()).allowed for now in PROBES]


@st.composite
def deliveries(draw: st.DrawFn, events: list[BillingEvent]) -> list[BillingEvent]:
    """Every event at least once, some several times, in any order."""
    extra = draw(st.lists(st.sampled_from(events), max_size=8))
    return draw(st.permutations([*events, *extra]))


EXPECTED = fold(LIFE)


def test_in_order_the_life_of_a_subscription_ends_canceled_at_its_period_end() -> None:
    assert EXPECTED is not None
    assert (EXPECTED.status, EXPECTED.period_end) == (SubscriptionStatus.CANCELED, T0 + 2 * MONTH)
    assert access_over_time(EXPECTED) == [True, True, True, True, False, False]


@settings(max_examples=300, deadline=None)
@given(deliveries(LIFE))
def test_any_order_and_duplication_gives_the_same_state_and_access(events: list[BillingEvent]) -> None:
    row = fold(events)
    assert row == EXPECTED
    assert access_over_time(row) == access_over_time(EXPECTED)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LIFE[:7]), min_size=1).flatmap(
    lambda picked: st.permutations(picked)))
def test_any_subset_in_any_order_matches_the_same_subset_in_order(
        events: list[BillingEvent]) -> None:
    in_order = sorted(set(events), key=LIFE.index)
    assert fold(events) == fold(in_order)


def test_a_subscriptions_own_change_time_orders_its_versions_over_the_events_time() -> None:
    # A provider that stamps the subscription itself: the version changed last wins, even
    # when the event showing it was sent before one carrying an older version.
    def version(event_id: str, status: SubscriptionStatus, changed: timedelta,
                sent: timedelta) -> BillingEvent:
        return BillingEvent(id=event_id, type="subscription.updated",
                            kind=BillingEventKind.SUBSCRIPTION_CHANGED, created=T0 + sent,
                            snapshot=SubscriptionSnapshot(id="sub_1", status=status,
                                                          period_end=T0 + 2 * MONTH,
                                                          changed_at=T0 + changed))

    older_sent_late = version("evt_a", SubscriptionStatus.ACTIVE, MONTH, 3 * MONTH)
    newer_sent_early = version("evt_b", SubscriptionStatus.PAST_DUE, 2 * MONTH, timedelta(0))
    for events in ([older_sent_late, newer_sent_early], [newer_sent_early, older_sent_late]):
        row = fold(events)
        assert row is not None
        assert (row.status, row.as_of) == (SubscriptionStatus.PAST_DUE, T0 + 2 * MONTH)
