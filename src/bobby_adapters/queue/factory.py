"""Which queue a DATABASE_URL gets: procrastinate on PostgreSQL, in-process on SQLite."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from bobby_adapters.queue.in_process import InProcessTaskQueue
from bobby_adapters.queue.jobs import DEFAULT_SWEEP_EVERY
from bobby_adapters.queue.procrastinate_queue import ProcrastinateTaskQueue
from bobby_adapters.queue.worker import JobWorker
from bobby_adapters.sqlalchemy.url import async_database_url
from bobby_core.ports import Clock, TaskQueue


class QueueBackend(TaskQueue, JobWorker, Protocol):
    async def close(self) -> None:
        """Release the queue's connections; call once its worker has stopped."""
        ...


def queue_for(database_url: str, *, pool_size: int = 10,
              sweep_every: timedelta = DEFAULT_SWEEP_EVERY,
              stalled_after: timedelta = timedelta(seconds=30),
              clock: Clock | None = None) -> QueueBackend:
    """The queue for this database; nothing connects until the first defer or worker start.

    The in-process queue lives in one process, so on SQLite the process that takes webhooks
    must also run the worker (`bobby serve`, not `--web-only` plus `bobby worker`). A job whose
    worker sent no heartbeat for `stalled_after` is run again elsewhere. Scheduled jobs
    (reminders, idle checks) are timed against `clock`, the use cases' clock."""
    if async_database_url(database_url).get_backend_name() == "sqlite":
        return InProcessTaskQueue(sweep_every=sweep_every, clock=clock)
    return ProcrastinateTaskQueue(
        database_url, pool_size=pool_size, sweep_every=sweep_every, stalled_after=stalled_after,
        heartbeat_every=stalled_after / 6,
        recover_every=min(stalled_after / 3, timedelta(seconds=10)), clock=clock)
