from datetime import UTC, datetime, timedelta

import pytest

from bobby_core.flows import SYSTEM_FLOWS
from bobby_core.subscriptions.access import NO_ACCESS, Access, AccessRules, access, add_months
from bobby_core.subscriptions.gate import PAYWALL_FLOW, is_subscription_word, may_start
from bobby_core.subscriptions.model import PlanKind, Subscription, SubscriptionStatus

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
RULES = AccessRules()


def sub(status: SubscriptionStatus, end_days: float | None, **extra: object) -> Subscription:
    end = NOW + timedelta(days=end_days) if end_days is not None else None
    return Subscription(id="sub_1", status=status, as_of=NOW - timedelta(days=20),
                        period_end=end, customer_id="cus_1", **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING,
                                    SubscriptionStatus.CANCELED])
def test_paid_trial_and_canceled_periods_give_access_until_the_period_end(
        status: SubscriptionStatus) -> None:
    assert access([sub(status, 1)], NOW, RULES).allowed
    assert not access([sub(status, -0.01)], NOW, RULES).allowed


def test_past_due_keeps_a_configurable_grace_after_the_period_end() -> None:
    overdue = sub(SubscriptionStatus.PAST_DUE, -2)
    assert access([overdue], NOW, RULES).allowed
    assert not access([overdue], NOW + timedelta(days=1, minutes=1), RULES).allowed
    assert not access([overdue], NOW, AccessRules(grace=timedelta(days=1))).allowed


@pytest.mark.parametrize("status", [SubscriptionStatus.INCOMPLETE,
                                    SubscriptionStatus.INCOMPLETE_EXPIRED,
                                    SubscriptionStatus.UNPAID, SubscriptionStatus.PAUSED])
def test_unpaid_incomplete_expired_and_paused_give_no_access(status: SubscriptionStatus) -> None:
    result = access([sub(status, 10)], NOW, RULES)
    assert not result.allowed
    assert result.customer_id == "cus_1"  # the portal can still be offered


def test_a_one_off_pass_lasts_the_configured_months_from_its_payment() -> None:
    paid = Subscription(id="cs_1", kind=PlanKind.ONE_OFF, status=SubscriptionStatus.ACTIVE,
                        as_of=datetime(2026, 1, 31, tzinfo=UTC))
    assert access([paid], datetime(2026, 2, 27, tzinfo=UTC), RULES).allowed
    assert not access([paid], datetime(2026, 3, 1, tzinfo=UTC), RULES).allowed
    assert access([paid], datetime(2026, 4, 1, tzinfo=UTC), AccessRules(pass_months=3)).allowed


def test_months_are_calendar_months_clamped_to_the_month_end() -> None:
    assert add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2026, 11, 5, tzinfo=UTC), 14) == datetime(2028, 1, 5, tzinfo=UTC)


def test_the_longest_lasting_subscription_wins_and_says_when_access_ends() -> None:
    short, long = sub(SubscriptionStatus.ACTIVE, 2), sub(SubscriptionStatus.TRIALING, 9)
    result = access([short, long], NOW, RULES)
    assert (result.allowed, result.trial, result.until) == (True, True, long.period_end)
    assert access([], NOW, RULES) == NO_ACCESS


def test_the_gate_blocks_only_exercises_and_never_the_burnout_check() -> None:
    none, paid = Access(allowed=False), Access(allowed=True)
    assert not may_start("reflect", none, paywall_on=True)
    assert may_start("reflect", paid, paywall_on=True)
    assert may_start("reflect", none, paywall_on=False)
    assert may_start("burnout", none, paywall_on=True)
    for flow in SYSTEM_FLOWS:
        assert may_start(flow.id, none, paywall_on=True), flow.id
    assert "why_not_buy" in {f.id for f in SYSTEM_FLOWS}


def test_the_subscription_word_is_a_whole_message_in_any_case() -> None:
    assert is_subscription_word("Subscription")
    assert is_subscription_word("  cancel my subscription! ")
    assert not is_subscription_word("I can't afford a subscription")
    assert not is_subscription_word("unsubscribe")  # that is the global STOP word
    assert PAYWALL_FLOW in {f.id for f in SYSTEM_FLOWS}
