"""Free-text feedback a caller's flow asked its user for (on an exercise, why they did not buy,
why no reminder), kept as the same answers given on WhatsApp are kept.

A plain record: the flows' own feedback steps store theirs from inside the exercise (whose id
the feedback carries), which a call from outside does not run in."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.engine.outcome import Effects
from bobby_core.flows.after_exercise import FEEDBACK_KIND as EXERCISE
from bobby_core.flows.system.why_not_buy import FEEDBACK_KIND as WHY_NOT_BUY
from bobby_core.model import Feedback, normalise_phone
from bobby_core.ports import Clock, IdGenerator, UnitOfWorkFactory
from bobby_core.use_cases.turn_io import store_records
from bobby_core.use_cases.users import ConsentPolicy, storing_user

__all__ = ["EXERCISE", "NO_REMINDER", "WHY_NOT_BUY", "RecordFeedback", "RecordFeedbackCommand"]

NO_REMINDER = "no_reminder"
"""Why the user did not want a reminder (WhatsApp does not ask, so only callers store it)."""


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
                kind=cmd.kind, text=cmd.text.strip(), flow_id=cmd.flow_id),)))
            await uow.commit()
        return True
