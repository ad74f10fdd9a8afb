"""Who has access, derived only from each subscription's own status and period end."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bobby_core.subscriptions.model import PlanKind, Subscription, SubscriptionStatus

DEFAULT_GRACE = timedelta(days=3)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessRules:
    grace: timedelta = DEFAULT_GRACE
    """How long a past-due subscription keeps access after its period end (while the
    provider retries the payment)."""
    pass_months: int = 1
    """How long a one-off pass lasts, in calendar months from its payment."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Access:
    allowed: bool
    until: datetime | None = None
    """When access ends (None: no end known yet, or no access)."""
    status: SubscriptionStatus | None = None
    trial: bool = False
    customer_id: str | None = None
    """The provider's customer to open the billing portal for, when there is one."""


NO_ACCESS = Access(allowed=False)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months later (clamped to the month's end)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def access_end(sub: Subscription, rules: AccessRules) -> tuple[bool, datetime | None]:
    """(whether this subscription can give access at all, until when; None is open-ended)."""
    if sub.kind is PlanKind.ONE_OFF:
        return (sub.status is SubscriptionStatus.ACTIVE, add_months(sub.as_of, rules.pass_months))
    status, end = sub.status, sub.period_end
    if status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING):
        return (True, end)
    if status is SubscriptionStatus.PAST_DUE:
        return (True, end + rules.grace if end else sub.as_of + rules.grace)
    if status is SubscriptionStatus.CANCELED:
        return (end is not None, end)
    return (False, None)  # incomplete, incomplete_expired, unpaid, paused


def access(subscriptions: Iterable[Subscription], now: datetime, rules: AccessRules) -> Access:
    """The user's access at `now`: the subscription whose access lasts longest wins."""
    best: tuple[datetime | None, Subscription] | None = None
    customer: str | None = None
    for sub in subscriptions:
        customer = customer or sub.customer_id
        can, until = access_end(sub, rules)
        if not can or (until is not None and until <= now):
            continue
        if best is None or (best[0] is not None and (until is None or until > best[0])):
            best = (until, sub)
    if best is None:
        return Access(allowed=False, customer_id=customer)
    until, sub = best
    return Access(allowed=True, until=until, status=sub.status,
                  trial=sub.status is SubscriptionStatus.TRIALING,
                  customer_id=sub.customer_id or customer)
