"""The optional periodic nudge (`NUDGE_EVERY_DAYS`, off by default): users who have not written
for that many days get one gentle message, at a sensible local hour; users who chatted in that
period are skipped, and nobody is nudged twice in one period."""

from __future__ import annotations

import logging
from datetime import timedelta

from bobby_core.local_time import QuietHours, zone
from bobby_core.model import Reminder, ReminderKind
from bobby_core.ports import Clock, IdGenerator, TaskQueue, UnitOfWorkFactory

log = logging.getLogger("bobby.reminders")


class NudgeQuietUsers:
    """Record a nudge reminder for each user quiet for `every`, due now or once their quiet
    hours end; SendReminder sends it (as the template: it is always outside the window)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator, queue: TaskQueue,
                 every: timedelta, quiet_hours: QuietHours) -> None:
        self._uow, self._clock, self._ids, self._queue = uow, clock, ids, queue
        self._every = every
        self._quiet = quiet_hours

    async def execute(self) -> int:
        now = self._clock.now()
        kind = ReminderKind.NUDGE.value
        async with self._uow() as uow:
            nudges: list[Reminder] = []
            for user_id in await uow.users.quiet_since(now - self._every, kind):
                user = await uow.users.get(user_id)
                if user is None:
                    continue
                local = now.astimezone(zone(user.time_zone))
                due = self._quiet.after(local)
                nudges.append(Reminder(id=self._ids.new_id(), user_id=user_id, kind=kind,
                                       due_at=due.astimezone(now.tzinfo), created_at=now))
            for nudge in nudges:
                await uow.reminders.replace_pending(nudge)
            await uow.commit()
        for nudge in nudges:
            await self._queue.schedule_reminder(nudge.user_id, nudge.kind, nudge.id, nudge.due_at)
        if nudges:
            log.info("periodic nudge: %d users", len(nudges))
        return len(nudges)
