"""The PostgreSQL queue: procrastinate 3.10, with its own small psycopg pool.

How the port's guarantees map onto procrastinate:
- per user and kind, `lock` (`turns:<user>` / `send:<user>`) keeps jobs one at a time, and
  procrastinate's fetch takes the oldest job of a lock first, so they run in defer order;
- `queueing_lock` (the same string) keeps at most one job waiting; a second defer raises
  AlreadyEnqueued, which we swallow;
- a failed job is retried by our RetryPolicy. A retry goes back to 'todo', which collides with
  a job deferred during the run (one waiting per key): that job does the same work, so the
  failed one is closed instead (`_SupersedingJobManager`);
- the sweep and the stalled-job recovery are periodic tasks, deferred once per tick across all
  workers (a unique index in procrastinate's schema), and run once at each worker's start-up;
- a worker that dies stops its heartbeat; after `stalled_after` its 'doing' jobs (which hold
  their lock) are put back to 'todo' by the recovery task."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import procrastinate
import psycopg
import psycopg_pool
from procrastinate import JobContext
from procrastinate import exceptions as pe
from procrastinate import jobs as pjobs
from procrastinate.manager import JobManager
from procrastinate.retry import BaseRetryStrategy, RetryDecision

from bobby_adapters.clock import SystemClock
from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.jobs import (
    DEFAULT_CONCURRENCY,
    DEFAULT_SWEEP_EVERY,
    JobFailedError,
    JobKind,
    RetryPolicy,
    call_handler,
    lock_key,
    log_gave_up,
    log_retry,
    log_superseded,
    logger,
    reminder_key,
)
from bobby_adapters.sqlalchemy.url import async_database_url
from bobby_core.errors import ExternalServiceError
from bobby_core.model import UserId
from bobby_core.ports import Clock

QUEUE = "bobby"
_TASKS = {JobKind.TURNS: "bobby.turns", JobKind.SEND: "bobby.send", JobKind.SWEEP: "bobby.sweep",
          JobKind.REMIND: "bobby.remind", JobKind.IDLE: "bobby.idle"}
_RECOVER = "bobby.recover_stalled"
# procrastinate's own defer raises AlreadyEnqueued when a job with the queueing lock waits,
# after the database has failed the insert and logged the error; a turn is queued with every
# webhook, and its user's job often waits already. The same row (its triggers notify the
# workers and record the event), with the unique index's conflict answered by doing nothing.
_DEFER_UNLESS_WAITING = """
INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock, queueing_lock, args,
                                scheduled_at)
VALUES (%(queue)s, %(task)s, 0, %(lock)s, %(lock)s, %(args)s, %(at)s)
ON CONFLICT (queueing_lock) WHERE status = 'todo' DO NOTHING"""
_DEFER_MANY_UNLESS_WAITING = """
INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock, queueing_lock, args)
SELECT %(queue)s, %(task)s, 0, job.lock, job.lock, job.args
FROM unnest(%(locks)s::varchar[], %(args)s::jsonb[]) AS job(lock, args)
ON CONFLICT (queueing_lock) WHERE status = 'todo' DO NOTHING"""
_LIKE_ESCAPES = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})
RESTART_FIRST_DELAY, RESTART_MAX_DELAY = 1.0, 30.0
"""Seconds before the worker starts again after the database went away, doubling to the max."""
POOL_WAIT = 30.0
"""Seconds a query waits for a free connection of the queue's pool."""


def libpq_dsn(database_url: str) -> str:
    """DATABASE_URL (`postgres://`, `postgresql+psycopg://`, ...) as a plain libpq URL."""
    url = async_database_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def cron_every(period: timedelta) -> str:
    """A cron line (with croniter's seconds field) for a period of whole seconds or minutes."""
    seconds = max(1, round(period.total_seconds()))
    if seconds < 60:
        return f"* * * * * */{seconds}"
    return f"*/{max(1, seconds // 60)} * * * *"


class _Backoff(BaseRetryStrategy):
    def __init__(self, policy: RetryPolicy) -> None:
        self._policy = policy

    def get_retry_decision(self, *, exception: BaseException,
                           job: pjobs.Job) -> RetryDecision | None:
        kind = job.task_name.removeprefix("bobby.")
        error = exception.cause_name if isinstance(exception, JobFailedError) \
            else type(exception).__name__
        failed = job.attempts + 1
        delay = self._policy.delay_after(failed)
        if delay is None:
            log_gave_up(kind, job.id, failed, error)
            return None
        log_retry(kind, job.id, failed, delay, error)
        return RetryDecision(retry_at=datetime.now(UTC) + delay)


class _SupersedingJobManager(JobManager):
    async def retry_job(self, job: pjobs.Job, retry_at: datetime | None = None,
                        priority: int | None = None, queue: str | None = None,
                        lock: str | None = None) -> None:
        try:
            await super().retry_job(job, retry_at=retry_at, priority=priority, queue=queue,
                                    lock=lock)
        except pe.UniqueViolation:
            # Another job of this user and kind waits already (queueing_lock) and will do
            # the same work; close this one instead of retrying it.
            log_superseded(job.task_name.removeprefix("bobby."), job.id, "retry")
            await self.finish_job(job=job, status=pjobs.Status.FAILED, delete_job=False)


@contextlib.contextmanager
def _as_external_error() -> Iterator[None]:
    try:
        yield
    except (pe.ConnectorException, pe.AppNotOpen, psycopg.Error, OSError, TimeoutError) as exc:
        raise ExternalServiceError("queue", type(exc).__name__) from None


class ProcrastinateTaskQueue:
    def __init__(self, database_url: str, *, pool_size: int = 10,
                 retry: RetryPolicy | None = None,
                 sweep_every: timedelta = DEFAULT_SWEEP_EVERY,
                 recover_every: timedelta = timedelta(seconds=10),
                 heartbeat_every: timedelta = timedelta(seconds=5),
                 stalled_after: timedelta = timedelta(seconds=30),
                 poll_every: timedelta = timedelta(seconds=1),
                 fetchers: int = 4,
                 shutdown_timeout: timedelta = timedelta(seconds=10),
                 connect_timeout: timedelta = timedelta(seconds=5),
                 clock: Clock | None = None) -> None:
        # `at` comes from the use cases' clock; procrastinate waits on the database's.
        self._clock = clock or SystemClock()
        self._dsn = libpq_dsn(database_url)
        self._pool_size = max(2, pool_size)
        # How long a defer (or opening the pool) waits for the database before it gives up
        # with ExternalServiceError; the worker's own queries wait longer for a connection
        # (POOL_WAIT), because a job whose end cannot be recorded stays 'doing'.
        self._connect_timeout = connect_timeout.total_seconds()
        self._pool: psycopg_pool.AsyncConnectionPool | None = None
        connector = procrastinate.PsycopgConnector()  # gets our pool in open()
        self._app = procrastinate.App(connector=connector)
        self._app.job_manager = _SupersedingJobManager(connector)
        self._heartbeat_every = heartbeat_every
        self._stalled_after = stalled_after
        self._shutdown_timeout = shutdown_timeout
        # LISTEN/NOTIFY wakes the worker when a job is inserted, not when a delayed job or a
        # retry falls due: those wait for the next poll.
        self._poll_every = poll_every
        self._fetchers = max(1, fetchers)
        self._handlers: JobHandlers | None = None
        self._open_lock = asyncio.Lock()
        self._register(_Backoff(retry or RetryPolicy()), sweep_every, recover_every)

    def _register(self, backoff: _Backoff, sweep_every: timedelta, recover_every: timedelta) -> None:
        app = self._app

        async def turns(context: JobContext, user_id: str) -> None:
            await call_handler(self._need_handlers(), JobKind.TURNS, UserId(user_id),
                               context.job.id)

        async def send(context: JobContext, user_id: str) -> None:
            await call_handler(self._need_handlers(), JobKind.SEND, UserId(user_id),
                               context.job.id)

        async def sweep(context: JobContext, timestamp: int) -> None:
            await call_handler(self._need_handlers(), JobKind.SWEEP, None, context.job.id)

        async def recover_stalled(timestamp: int) -> None:
            await self._recover_stalled()

        async def remind(context: JobContext, reminder_id: str) -> None:
            await call_handler(self._need_handlers(), JobKind.REMIND, reminder_id,
                               context.job.id)

        async def idle(context: JobContext, user_id: str) -> None:
            await call_handler(self._need_handlers(), JobKind.IDLE, user_id, context.job.id)

        for kind, func in ((JobKind.TURNS, turns), (JobKind.SEND, send), (JobKind.IDLE, idle)):
            app.task(name=_TASKS[kind], queue=QUEUE, retry=backoff, pass_context=True)(func)
        app.task(name=_TASKS[JobKind.REMIND], queue=QUEUE, retry=backoff,
                 pass_context=True)(remind)
        # No `lock` on the periodic tasks: a sweep or recovery that died with its worker
        # would hold it, and recovery could then never run again.
        sweep_task = app.task(name=_TASKS[JobKind.SWEEP], queue=QUEUE, retry=backoff,
                              queueing_lock=_TASKS[JobKind.SWEEP], pass_context=True)(sweep)
        app.periodic(cron=cron_every(sweep_every), periodic_id="sweep")(sweep_task)
        recover_task = app.task(name=_RECOVER, queue=QUEUE, queueing_lock=_RECOVER)(recover_stalled)
        app.periodic(cron=cron_every(recover_every), periodic_id="recover")(recover_task)

    def _need_handlers(self) -> JobHandlers:
        if self._handlers is None:
            raise RuntimeError("a job ran without handlers; start it through run_worker")
        return self._handlers

    async def open(self) -> None:
        """Open the pool (deferring opens it on first use too); ExternalServiceError when the
        database does not answer within `connect_timeout`."""
        async with self._open_lock:
            if self._pool is not None:
                return
            # synchronous_commit=off on the queue's own connections: a job row lost in a
            # database crash costs nothing, because the inbox and the outbox (committed
            # synchronously by the use cases) are the truth and the sweep queues their work
            # again; a lost status change runs a job once more, which handlers tolerate.
            # Autocommit: each of procrastinate's queries is one call of one of its functions,
            # atomic on its own; a transaction around it would add two round trips (BEGIN and
            # COMMIT) to every defer, fetch and finish.
            pool = psycopg_pool.AsyncConnectionPool(
                self._dsn, min_size=1, max_size=self._pool_size, timeout=POOL_WAIT,
                open=False, kwargs={"connect_timeout": max(1, round(self._connect_timeout)),
                                    "options": "-c synchronous_commit=off"},
                configure=_autocommit,
                check=psycopg_pool.AsyncConnectionPool.check_connection)
            try:
                with _as_external_error():
                    await pool.open(wait=True, timeout=self._connect_timeout)
                    await self._app.open_async(pool=pool)
            except ExternalServiceError:
                await pool.close()
                raise
            self._pool = pool

    async def close(self) -> None:
        """Close the pool; call after the worker has stopped."""
        async with self._open_lock:
            pool, self._pool = self._pool, None
            if pool is not None:
                with _as_external_error():
                    await self._app.close_async()
                    await pool.close()

    async def defer_turns(self, user_id: UserId, delay: timedelta | None = None) -> None:
        await self._defer(JobKind.TURNS, user_id, delay)

    async def defer_turns_many(self, user_ids: Sequence[UserId]) -> None:
        if not user_ids:
            return
        await self.open()
        keys = [lock_key(JobKind.TURNS, u) for u in user_ids]
        with _as_external_error():
            async with asyncio.timeout(self._connect_timeout):
                await self._app.connector.execute_query_async(
                    _DEFER_MANY_UNLESS_WAITING, queue=QUEUE, task=_TASKS[JobKind.TURNS],
                    locks=keys, args=[{"user_id": str(u)} for u in user_ids])

    async def defer_delivery(self, user_id: UserId, delay: timedelta | None = None) -> None:
        await self._defer(JobKind.SEND, user_id, delay)

    async def schedule_reminder(self, user_id: UserId, kind: str, reminder_id: str,
                                at: datetime) -> None:
        await self.open()
        key = reminder_key(user_id, kind)
        task = self._app.tasks[_TASKS[JobKind.REMIND]].configure(
            lock=key, queueing_lock=key, schedule_at=self._real(at))
        with _as_external_error():
            for _ in range(3):
                # Replace the waiting job of this user and kind: cancel it, then defer. Two
                # schedulers racing here end with one waiting job (the other's defer raises
                # AlreadyEnqueued and tries again); whichever wins, the job reads the stored
                # reminder, so a replaced one is never sent.
                for job in await self._app.job_manager.list_jobs_async(
                        queueing_lock=key, status="todo"):
                    if job.id is not None:
                        await self._app.job_manager.cancel_job_by_id_async(job.id,
                                                                           delete_job=True)
                try:
                    await task.defer_async(reminder_id=reminder_id)
                    return
                except pe.AlreadyEnqueued:
                    continue
            logger.warning("a reminder job could not replace the waiting one; the sweep will")

    async def schedule_idle_check(self, user_id: UserId, at: datetime) -> None:
        await self.open()
        with _as_external_error():
            await self._defer_once(JobKind.IDLE, user_id, self._real(at))

    async def forget_user(self, user_id: UserId) -> int:
        await self.open()
        # Every job of the user is named by its lock (`turns:<id>`, `remind:<id>:<kind>`) and
        # most by their arguments too. A running job keeps its row until it ends (deleting it
        # would make its worker fail to record the end); finding no user, it succeeds and
        # procrastinate deletes it then. Events go with their job (ON DELETE CASCADE).
        pattern = "%:" + user_id.translate(_LIKE_ESCAPES) + "%"
        with _as_external_error():
            async with self._need_pool().connection() as conn:
                cursor = await conn.execute(
                    "DELETE FROM procrastinate_jobs WHERE status <> 'doing' AND "
                    "(lock LIKE %(p)s OR queueing_lock LIKE %(p)s OR args->>'user_id' = %(u)s)",
                    {"p": pattern, "u": str(user_id)})
                return cursor.rowcount

    def _need_pool(self) -> psycopg_pool.AsyncConnectionPool:
        if self._pool is None:
            raise ExternalServiceError("queue", "not open")
        return self._pool

    def _real(self, at: datetime) -> datetime:
        """An instant of our clock as real time (the same unless the clock was moved)."""
        return datetime.now(UTC) + (at - self._clock.now())

    async def _defer(self, kind: JobKind, user_id: UserId, delay: timedelta | None) -> None:
        await self.open()
        at = datetime.now(UTC) + delay if delay else None
        with _as_external_error():
            async with asyncio.timeout(self._connect_timeout):
                await self._defer_once(kind, user_id, at)

    async def _defer_once(self, kind: JobKind, user_id: UserId, at: datetime | None) -> None:
        """Queue the user's job of this kind unless one already waits (its queueing lock)."""
        key = lock_key(kind, user_id)
        await self._app.connector.execute_query_async(
            _DEFER_UNLESS_WAITING, queue=QUEUE, task=_TASKS[kind], lock=key,
            args={"user_id": str(user_id)}, at=at)

    async def _recover_stalled(self) -> int:
        """Put the jobs of workers that stopped sending heartbeats back in the queue."""
        manager = self._app.job_manager
        stalled = await manager.get_stalled_jobs(
            seconds_since_heartbeat=self._stalled_after.total_seconds())
        stalled = list(stalled)
        for job in stalled:
            logger.warning("job %s %s was left running by a dead worker; queued again",
                           job.task_name.removeprefix("bobby."), job.id)
            await manager.retry_job(job)
        await manager.prune_stalled_workers(self._stalled_after.total_seconds())
        return len(stalled)

    async def run_worker(self, handlers: JobHandlers, *, concurrency: int = DEFAULT_CONCURRENCY,
                         stop: asyncio.Event | None = None) -> None:
        if self._handlers is not None:
            raise RuntimeError("this queue already has a worker")
        self._handlers = handlers
        try:
            await self.open()
            await self._start_up(handlers)
            delay = RESTART_FIRST_DELAY
            while True:
                started = asyncio.get_running_loop().time()
                failure = await self._work(concurrency, stop)
                if stop is not None and stop.is_set():
                    return
                # procrastinate stops its workers when the database goes away (its listener
                # fails); the process stays, so it must start them again itself once the
                # database is back, or it would idle for ever without a restart.
                if asyncio.get_running_loop().time() - started > RESTART_MAX_DELAY:
                    delay = RESTART_FIRST_DELAY
                logger.warning("the queue worker stopped (%s); starting it again in %.0f s",
                               failure, delay)
                if await _stopped_within(stop, delay):
                    return
                delay = min(delay * 2, RESTART_MAX_DELAY)
                await self._start_up(handlers)  # the turns and sends the outage held up
        finally:
            self._handlers = None

    async def _work(self, concurrency: int, stop: asyncio.Event | None) -> str:
        """Run the fetchers until `stop` or until one of them ends; say why it ended."""
        # A procrastinate worker fetches one job at a time; with a 2 s model that caps a
        # process at about one fetch round-trip per job, so several fetch side by side.
        share = -(-concurrency // self._fetchers)
        workers = [asyncio.create_task(self._app.run_worker_async(
            queues=[QUEUE], concurrency=share, install_signal_handlers=False,
            delete_jobs="successful", name=f"bobby-{n}",
            fetch_job_polling_interval=self._poll_every.total_seconds(),
            update_heartbeat_interval=self._heartbeat_every.total_seconds(),
            stalled_worker_timeout=self._stalled_after.total_seconds(),
            shutdown_graceful_timeout=self._shutdown_timeout.total_seconds()))
            for n in range(self._fetchers)]
        return await _until_stopped(workers, stop)

    async def _start_up(self, handlers: JobHandlers) -> None:
        # What a crashed process left behind, before the first tick of either periodic task.
        try:
            await self._recover_stalled()
            await call_handler(handlers, JobKind.SWEEP, None)
        except (JobFailedError, pe.ProcrastinateException) as exc:
            logger.warning("start-up sweep failed (%s); the periodic sweep will retry",
                           getattr(exc, "cause_name", type(exc).__name__))


async def _autocommit(connection: psycopg.AsyncConnection[Any]) -> None:
    # Set on each new pooled connection (procrastinate opens its LISTEN connection with
    # autocommit of its own, so it cannot be a connect argument).
    await connection.set_autocommit(True)


async def _stopped_within(stop: asyncio.Event | None, seconds: float) -> bool:
    if stop is None:
        await asyncio.sleep(seconds)
        return False
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def _until_stopped(workers: list[asyncio.Task[None]], stop: asyncio.Event | None) -> str:
    """Wait for a worker to end or `stop`; stopping cancels them, which procrastinate turns
    into a graceful shutdown (running jobs finish, or are aborted and retried). Returns why
    the workers ended when it was not `stop`."""
    stop_waiter = asyncio.ensure_future(stop.wait() if stop else asyncio.Event().wait())
    try:
        await asyncio.wait([*workers, stop_waiter], return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop_waiter.cancel()
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    failures = [type(w.exception()).__name__ for w in workers
                if not w.cancelled() and w.exception() is not None]
    return failures[0] if failures else "a fetcher ended"
