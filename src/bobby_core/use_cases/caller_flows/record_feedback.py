"""Feedback and visits a caller's flow records for its user (exercise feedback, why they did
not buy, why no reminder), kept as Bobby keeps the same answers given on WhatsApp."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.engine.outcome import Effects
from bobby_core.engine.steps import Action
from bobby_core.flows.after_exercise import FEEDBACK
from bobby_core.flows.system.why_not_buy import FEEDBACK_KIND
from bobby_core.model import Feedback, normalise_phone
from bobby_core.ports import Clock, IdGenerator, UnitOfWorkFactory
from bobby_core.use_cases.caller_flows.callers import ConsentPolicy, step_of, storing_user
from bobby_core.use_cases.turn_io import store_records
from bobby_core.use_cases.users import ensure_user

EXERCISE = str(step_of(FEEDBACK, "save", Action).args["kind"])
"""The kind the feedback question after an exercise stores."""
WHY_NOT_BUY = FEEDBACK_KIND
NO_REMINDER = "no_reminder"
"""Why the user did not want a reminder (WhatsApp does not ask, so only callers store it)."""
KINDS = frozenset({EXERCISE, WHY_NOT_BUY, NO_REMINDER})


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordFeedbackCommand:
    phone: str
    kind: str
    text: str
    flow_id: str | None = None


class RecordFeedback:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 policy: ConsentPolicy) -> None:
        self._uow, self._clock, self._ids, self._policy = uow, clock, ids, policy

    async def execute(self, cmd: RecordFeedbackCommand) -> bool:
        """Store it; False when there was nothing to store (no text)."""
        phone = normalise_phone(cmd.phone)
        if not cmd.text.strip():
            return False
        async with self._uow() as uow:
            user = await storing_user(uow, self._ids, self._clock, phone, self._policy)
            await store_records(uow, Effects(feedback=(Feedback(
                id=self._ids.new_id(), user_id=user.id, created_at=self._clock.now(),
                kind=cmd.kind if cmd.kind in KINDS else EXERCISE, text=cmd.text.strip(),
                flow_id=cmd.flow_id),)))
            await uow.commit()
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordVisitCommand:
    phone: str
    flow_id: str | None


class RecordVisit:
    """A caller's user opened an exercise: make sure Bobby knows the number (one user row,
    shared with WhatsApp), and record consent when the caller's flows ask for it."""

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
