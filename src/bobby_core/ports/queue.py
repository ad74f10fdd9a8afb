"""The job queue port: work that runs after the webhook has answered (turns, sends)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bobby_core.model import UserId


class TaskQueue(Protocol):
    async def defer_turns(self, user_id: UserId, delay: timedelta | None = None) -> None:
        """Make sure a job that runs this user's waiting turns is queued (to start after `delay`).

        At most one such job waits per user (a second defer is a no-op); jobs of one user never
        run at the same time, in any number of worker processes. Raise ExternalServiceError
        when the queue cannot be reached (the inbox sweep re-queues the user later)."""
        ...

    async def defer_turns_many(self, user_ids: Sequence[UserId]) -> None:
        """`defer_turns` for several users at once (one round trip where the queue can)."""
        ...

    async def defer_delivery(self, user_id: UserId, delay: timedelta | None = None) -> None:
        """Make sure a job that sends this user's recorded replies is queued (after `delay`).

        The same guarantees as `defer_turns`, with a lock of its own: sending never waits for
        a turn, and one user's replies go out one at a time, in order."""
        ...

    async def schedule_reminder(self, user_id: UserId, kind: str, reminder_id: str,
                                at: datetime) -> None:
        """Queue the job that sends this stored reminder at `at` (UTC).

        One job waits per user and kind: scheduling replaces the waiting one (the reminder it
        was for has been cancelled by the new request). The job decides from the stored row,
        so a job for a reminder that was cancelled, sent or replaced does nothing, and two
        workers never send one reminder twice. Raise ExternalServiceError when the queue
        cannot be reached (the sweep finds overdue reminders again)."""
        ...

    async def schedule_idle_check(self, user_id: UserId, at: datetime) -> None:
        """Make sure a job that closes this user's exercise if it sat idle runs at `at` or
        earlier (a waiting one is kept: the job looks at the conversation and, when the user
        was active since, schedules itself again for the new timeout)."""
        ...

    async def forget_user(self, user_id: UserId) -> int:
        """Drop every job of this user that is not running now (waiting, scheduled, failed),
        after their data was erased; return how many. A running one finds nothing to do
        and leaves no trace. Raise ExternalServiceError when the queue cannot be reached."""
        ...
