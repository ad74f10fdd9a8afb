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
    reminders_queued: int = 0
    idle_checks_queued: int = 0


class SweepWork:
    """Queue the turn of every inbound message that has none yet, and the delivery of every
    unsent reply; mark sends a dead process left half-way as failed. Scheduled work is found
    again too: pending reminders whose time has passed (their job was lost with a restarted
    in-process queue, or failed for good), and exercises idle past the timeout."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, queue: TaskQueue,
                 idle_timeout: timedelta) -> None:
        self._uow, self._clock, self._queue = uow, clock, queue
        self._idle_timeout = idle_timeout

    async def execute(self, settle: timedelta = SETTLE) -> SweepWorkResult:
        now = self._clock.now()
        async with self._uow() as uow:
            waiting = await uow.inbox.users_waiting(now - settle)
            unsent = await uow.outbox.users_unsent(now - settle)
            interrupted = await uow.outbox.fail_interrupted(now - INTERRUPTED_AFTER)
            overdue = await uow.reminders.overdue(now - settle)
            idle = await uow.conversations.users_idle(now - self._idle_timeout - settle)
            await uow.commit()
        for user_id in waiting:
            await self._queue.defer_turns(user_id)
        for user_id in unsent:
            await self._queue.defer_delivery(user_id)
        for reminder in overdue:
            await self._queue.schedule_reminder(reminder.user_id, reminder.kind, reminder.id, now)
        for user_id in idle:
            await self._queue.schedule_idle_check(user_id, now)
        if waiting or unsent or interrupted or overdue or idle:
            log.info("sweep: %d turns, %d deliveries, %d reminders and %d idle checks queued, "
                     "%d sends interrupted", len(waiting), len(unsent), len(overdue), len(idle),
                     interrupted)
        return SweepWorkResult(turns_queued=len(waiting), deliveries_queued=len(unsent),
                               sends_interrupted=interrupted, reminders_queued=len(overdue),
                               idle_checks_queued=len(idle))
