"""Whether the caller's own number may use the paid exercises, by Bobby's access rules (the
paywall): the exact number only, and nothing about any other."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.model import normalise_phone
from bobby_core.ports import Clock, UnitOfWorkFactory
from bobby_core.subscriptions.paywall import Paywall

GATED_EXAMPLE = "reflect"
"""A paid exercise: access to one is access to all of them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckAccessCommand:
    phone: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckAccessResult:
    may_use: bool
    has_account: bool
    """Bobby has a subscription on record for this number (any status)."""
    status: str | None


class CheckAccess:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, paywall: Paywall) -> None:
        self._uow, self._clock, self._paywall = uow, clock, paywall

    async def execute(self, cmd: CheckAccessCommand) -> CheckAccessResult:
        phone = normalise_phone(cmd.phone)
        async with self._uow() as uow:
            user = await uow.users.get_by_phone(phone)
            subs = await uow.subscriptions.list_for_user(user.id) if user else []
        now = self._clock.now()
        access = self._paywall.access(subs, now)
        latest = max(subs, key=lambda s: s.as_of, default=None)
        status = access.status or (latest.status if latest else None)
        return CheckAccessResult(
            may_use=self._paywall.may_start(GATED_EXAMPLE, subs, now),
            has_account=bool(subs), status=status.value if status else None)
