"""What we know about one subscription (or one-off pass), merged so that order never matters.

Payment providers deliver events in any order and more than once. Each event (or a subscription
fetched from the provider) becomes a `Subscription` fact; `merge` keeps the winning fact by a total order
(terminal states first, then what was observed on the subscription itself over what was only
inferred, then the newest). A maximum under a total order is commutative, associative and
idempotent, so any permutation and duplication of the same facts gives the same stored row."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import IntEnum, StrEnum

from bobby_core.model import UserId


class SubscriptionStatus(StrEnum):
    """A subscription's status in the providers' common words (one provider's may use only
    some of them; a one-off pass is `active` from its payment)."""

    INCOMPLETE = "incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired"
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"
    UNPAID = "unpaid"
    PAUSED = "paused"

    @classmethod
    def parse(cls, raw: object) -> SubscriptionStatus:
        """A status a provider sends; an unknown one (a future API) counts as no access."""
        try:
            return cls(str(raw))
        except ValueError:
            return cls.INCOMPLETE


TERMINAL = frozenset({SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED})
"""No provider brings a subscription back from these: a late update cannot resurrect it."""


class PlanKind(StrEnum):
    RECURRING = "recurring"
    ONE_OFF = "one_off"


class Evidence(IntEnum):
    """How we know a status: inferred from a checkout or invoice, or read on the subscription."""

    INFERRED = 0
    OBSERVED = 1


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscription:
    """One subscription (the provider's id) or one-off pass (the id of the payment that bought
    it, or of its checkout when the event names no payment).

    `as_of` is when the fact was true: the event's creation time, or when we fetched it.
    `period_end` is the end of the paid (or trial) period; a pass runs from `as_of`."""

    id: str
    kind: PlanKind = PlanKind.RECURRING
    status: SubscriptionStatus
    as_of: datetime
    evidence: Evidence = Evidence.OBSERVED
    period_end: datetime | None = None
    cancel_at_period_end: bool = False
    user_id: UserId | None = None
    customer_id: str | None = None

    def rank(self) -> tuple[object, ...]:
        """The total order `merge` keeps the maximum of (every field takes part, so ties are
        broken the same way whatever the order of arrival)."""
        return (self.status in TERMINAL, self.evidence, self.as_of, self.status.value,
                self.period_end or _EPOCH, self.cancel_at_period_end, self.kind.value)

    def linked(self, user_id: UserId | None, customer_id: str | None) -> Subscription:
        user = _pick(self.user_id, user_id)
        return replace(self, user_id=UserId(user) if user else None,
                       customer_id=_pick(self.customer_id, customer_id))


def _pick(a: str | None, b: str | None) -> str | None:
    # A link, once known, stays; two different values (never expected) resolve the same way in
    # any order, because max() does not care which came first.
    known = [v for v in (a, b) if v]
    return max(known) if known else None


def merge(stored: Subscription | None, fact: Subscription) -> Subscription:
    """The row after learning `fact`: the higher-ranked status, and every link either knew."""
    if stored is None:
        return fact
    winner = fact if fact.rank() > stored.rank() else stored
    loser = stored if winner is fact else fact
    return winner.linked(loser.user_id, loser.customer_id)
