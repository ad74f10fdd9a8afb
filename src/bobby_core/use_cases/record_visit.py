"""A caller's user opened an exercise: make sure Bobby knows the number (one user row, shared
with WhatsApp), and record consent when the caller's flows ask for it."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.model import normalise_phone
from bobby_core.ports import Clock, IdGenerator, UnitOfWorkFactory
from bobby_core.use_cases.users import ConsentPolicy, ensure_user, storing_user


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordVisitCommand:
    phone: str


class RecordVisit:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 policy: ConsentPolicy) -> None:
        self._uow, self._clock, self._ids, self._policy = uow, clock, ids, policy

    async def execute(self, cmd: RecordVisitCommand) -> bool:
        """Whether Bobby may now store what this user does."""
        phone = normalise_phone(cmd.phone)
        async with self._uow() as uow:
            user = await ensure_user(uow, self._ids, self._clock, phone)
            if not user.may_store and self._policy.flows_ask_consent:
                user = await storing_user(uow, self._ids, self._clock, phone, self._policy)
            await uow.commit()
        return user.may_store
