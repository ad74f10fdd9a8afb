"""The deployment's paywall: whether it is on and the access rules, for the conversation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from bobby_core.subscriptions.access import Access, AccessRules, access
from bobby_core.subscriptions.gate import may_start
from bobby_core.subscriptions.model import Subscription


@dataclass(frozen=True, slots=True, kw_only=True)
class Paywall:
    on: bool = False
    rules: AccessRules = field(default_factory=AccessRules)
    payments: bool = False
    """A payment provider is configured: checkout and portal links can be made."""

    @property
    def reads_subscriptions(self) -> bool:
        """Whether a turn needs the user's subscriptions (to gate, or to offer a link)."""
        return self.on or self.payments

    def access(self, subscriptions: Iterable[Subscription], now: datetime) -> Access:
        """The user's access at `now` under these rules."""
        return access(subscriptions, now, self.rules)

    def may_start(self, flow_id: str, subscriptions: Iterable[Subscription],
                  now: datetime) -> bool:
        """Whether the user whose subscriptions these are may start `flow_id` at `now`."""
        return may_start(flow_id, self.access(subscriptions, now), self.on)
