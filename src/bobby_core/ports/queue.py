"""The job queue port: work that runs after the webhook has answered (turns, sends)."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from bobby_core.model import UserId


class TaskQueue(Protocol):
    async def defer_turns(self, user_id: UserId, delay: timedelta | None = None) -> None:
        """Make sure a job that runs this user's waiting turns is queued (to start after `delay`).

        At most one such job waits per user (a second defer is a no-op); jobs of one user never
        run at the same time, in any number of worker processes. Raise ExternalServiceError
        when the queue cannot be reached (the inbox sweep re-queues the user later)."""
        ...

    async def defer_delivery(self, user_id: UserId, delay: timedelta | None = None) -> None:
        """Make sure a job that sends this user's recorded replies is queued (after `delay`).

        The same guarantees as `defer_turns`, with a lock of its own: sending never waits for
        a turn, and one user's replies go out one at a time, in order."""
        ...
