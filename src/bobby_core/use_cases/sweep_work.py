"""Pick up what a crashed or restarted process left behind; run at start-up and periodically."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bobby_core.ports import Clock, TaskQueue, UnitOfWorkFactory

log = logging.getLogger("bobby.sweep")

SETTLE = timedelta(seconds=20)
"""Work younger than this is left alone: its own job is most likely still on its way."""
INTERRUPTED_AFTER = timedelta(minutes=5)
"""A send handed over this long ago without an answer was cut off by a dying process."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepWorkResult:
    turns_queued: int
    deliveries_queued: int
    sends_interrupted: int


class SweepWork:
    """Queue the turn of every inbound message that has none yet, and the delivery of every
    unsent reply; mark sends a dead process left half-way as failed."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, queue: TaskQueue) -> None:
        self._uow, self._clock, self._queue = uow, clock, queue

    async def execute(self, settle: timedelta = SETTLE) -> SweepWorkResult:
        now = self._clock.now()
        async with self._uow() as uow:
            waiting = await uow.messages.users_waiting(now - settle)
            unsent = await uow.messages.users_unsent(now - settle)
            interrupted = await uow.messages.fail_interrupted(now - INTERRUPTED_AFTER)
            await uow.commit()
        for user_id in waiting:
            await self._queue.defer_turns(user_id)
        for user_id in unsent:
            await self._queue.defer_delivery(user_id)
        if waiting or unsent or interrupted:
            log.info("sweep: %d turns and %d deliveries queued, %d sends interrupted",
                     len(waiting), len(unsent), interrupted)
        return SweepWorkResult(turns_queued=len(waiting), deliveries_queued=len(unsent),
                               sends_interrupted=interrupted)
