"""The embedded queue: asyncio only, one process, nothing on disk.

It keeps the procrastinate queue's guarantees within one process: per user and kind, jobs run
one at a time in the order they were deferred and at most one waits; different users run in
parallel up to `concurrency`; a failed job is retried with backoff; the sweep runs at start-up
and every `sweep_every`. Jobs waiting when the process stops are lost with it, which is safe:
the database still holds the inbound messages without a turn and the unsent replies, and the
sweep at the next start-up queues them again. Scheduled jobs (reminders, idle checks) are lost
the same way and found again from the database: the sweep re-schedules every pending reminder
whose time has passed and every exercise idle past the timeout, so after a restart a reminder
that fell due while the process was down is sent once, by the first sweep (and skipped by
SendReminder when it is more than a day late)."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bobby_adapters.clock import SystemClock
from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.jobs import (
    DEFAULT_CONCURRENCY,
    DEFAULT_SWEEP_EVERY,
    JobFailedError,
    JobKind,
    RetryPolicy,
    call_handler,
    log_gave_up,
    log_retry,
    log_superseded,
    reminder_key,
)
from bobby_core.model import UserId
from bobby_core.ports import Clock

_Key = tuple[JobKind, str | None]
"""A job kind and its lock (the user, or `remind:<user>:<kind>` for reminders)."""


@dataclass(slots=True)
class _Job:
    id: int
    due: float
    arg: str | None = None
    """What the handler gets: the user id, or the reminder id."""
    failed_attempts: int = 0


@dataclass(slots=True)
class _Slot:
    """One user's jobs of one kind: at most one waiting and at most one running."""

    waiting: _Job | None = None
    running: _Job | None = None


@dataclass(slots=True)
class _Run:
    handlers: JobHandlers
    stop: asyncio.Event
    semaphore: asyncio.Semaphore
    tasks: set[asyncio.Task[None]] = field(default_factory=set)


class InProcessTaskQueue:
    def __init__(self, *, retry: RetryPolicy | None = None,
                 sweep_every: timedelta = DEFAULT_SWEEP_EVERY,
                 shutdown_timeout: timedelta = timedelta(seconds=10),
                 clock: Clock | None = None) -> None:
        # Scheduled times are read against the clock the use cases use (it may be moved).
        self._clock = clock or SystemClock()
        self._retry = retry or RetryPolicy()
        self._sweep_every = sweep_every
        self._shutdown_timeout = shutdown_timeout
        self._slots: dict[_Key, _Slot] = {}
        self._due: list[tuple[float, int, _Key]] = []  # a heap of waiting jobs by due time
        self._ids = itertools.count(1)
        self._wake = asyncio.Event()
        self._running = False

    async def defer_turns(self, user_id: UserId, delay: timedelta | None = None) -> None:
        self._defer((JobKind.TURNS, user_id), delay, user_id)

    async def defer_turns_many(self, user_ids: Sequence[UserId]) -> None:
        for user_id in user_ids:
            self._defer((JobKind.TURNS, user_id), None, user_id)

    async def defer_delivery(self, user_id: UserId, delay: timedelta | None = None) -> None:
        self._defer((JobKind.SEND, user_id), delay, user_id)

    async def schedule_reminder(self, user_id: UserId, kind: str, reminder_id: str,
                                at: datetime) -> None:
        key: _Key = (JobKind.REMIND, reminder_key(user_id, kind))
        slot = self._slots.setdefault(key, _Slot())
        # The waiting job (if any) is replaced: the newer request is the one that counts.
        slot.waiting = _Job(id=next(self._ids), due=self._monotonic_at(at), arg=reminder_id)
        if slot.running is None:
            self._push(key, slot.waiting)

    async def schedule_idle_check(self, user_id: UserId, at: datetime) -> None:
        key: _Key = (JobKind.IDLE, user_id)
        due = self._monotonic_at(at)
        slot = self._slots.setdefault(key, _Slot())
        if slot.waiting is not None and slot.waiting.due <= due:
            return  # an earlier check waits; it looks again if the user was active since
        slot.waiting = _Job(id=next(self._ids), due=due, arg=user_id)
        if slot.running is None:
            self._push(key, slot.waiting)

    async def forget_user(self, user_id: UserId) -> int:
        reminders = reminder_key(user_id, "")
        dropped = 0
        for (_, lock), slot in list(self._slots.items()):
            if slot.waiting is not None and lock is not None and (
                    lock == user_id or lock.startswith(reminders)):
                slot.waiting, dropped = None, dropped + 1  # its heap entry is now stale
        return dropped

    def _monotonic_at(self, at: datetime) -> float:
        """A clock instant on the monotonic clock the queue waits on (now if it has passed)."""
        return time.monotonic() + max(0.0, (at - self._clock.now()).total_seconds())

    def _defer(self, key: _Key, delay: timedelta | None, arg: str | None) -> None:
        slot = self._slots.setdefault(key, _Slot())
        if slot.waiting is not None:
            return
        seconds = delay.total_seconds() if delay else 0.0
        slot.waiting = _Job(id=next(self._ids), due=time.monotonic() + seconds, arg=arg)
        if slot.running is None:
            self._push(key, slot.waiting)

    async def close(self) -> None:
        """Nothing to release: the queue holds no connections."""

    def _push(self, key: _Key, job: _Job) -> None:
        heapq.heappush(self._due, (job.due, job.id, key))
        self._wake.set()

    async def run_worker(self, handlers: JobHandlers, *, concurrency: int = DEFAULT_CONCURRENCY,
                         stop: asyncio.Event | None = None) -> None:
        if self._running:
            raise RuntimeError("this queue already has a worker")
        self._running = True
        run = _Run(handlers=handlers, stop=stop or asyncio.Event(), semaphore=asyncio.Semaphore(concurrency))
        sweeper = asyncio.create_task(self._sweep_periodically(run.stop), name="bobby-sweep")
        try:
            await self._dispatch(run)
        finally:
            sweeper.cancel()
            await self._drain(run)
            self._running = False

    async def _sweep_periodically(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._defer((JobKind.SWEEP, None), None, None)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._sweep_every.total_seconds())

    async def _dispatch(self, run: _Run) -> None:
        stop_waiter = asyncio.create_task(run.stop.wait())
        try:
            while not run.stop.is_set():
                await self._start_due_jobs(run)
                timeout = max(0.0, self._due[0][0] - time.monotonic()) if self._due else None
                self._wake.clear()
                wake_waiter = asyncio.create_task(self._wake.wait())
                await asyncio.wait((wake_waiter, stop_waiter), timeout=timeout,
                                   return_when=asyncio.FIRST_COMPLETED)
                wake_waiter.cancel()
        finally:
            stop_waiter.cancel()

    async def _start_due_jobs(self, run: _Run) -> None:
        while self._due and self._due[0][0] <= time.monotonic() and not run.stop.is_set():
            _, job_id, key = heapq.heappop(self._due)
            slot = self._slots.get(key)
            if slot is None or slot.running is not None or slot.waiting is None \
                    or slot.waiting.id != job_id:
                continue  # stale: this job was started or replaced already
            await run.semaphore.acquire()
            job, slot.waiting, slot.running = slot.waiting, None, slot.waiting
            task = asyncio.create_task(self._execute(run, key, slot, job))
            run.tasks.add(task)
            task.add_done_callback(run.tasks.discard)

    async def _execute(self, run: _Run, key: _Key, slot: _Slot, job: _Job) -> None:
        kind = key[0]
        try:
            await call_handler(run.handlers, kind, job.arg, job.id)
        except JobFailedError as exc:
            self._after_failure(key, slot, job, exc)
        finally:
            slot.running = None
            if slot.waiting is not None:
                self._push(key, slot.waiting)
            elif self._slots.get(key) is slot:
                del self._slots[key]
            run.semaphore.release()
            self._wake.set()

    def _after_failure(self, key: _Key, slot: _Slot, job: _Job, exc: JobFailedError) -> None:
        kind = key[0]
        job.failed_attempts += 1
        if slot.waiting is not None:
            # A job deferred during this run waits already and does the same work.
            log_superseded(kind, job.id, exc.cause_name)
            return
        delay = self._retry.delay_after(job.failed_attempts)
        if delay is None:
            log_gave_up(kind, job.id, job.failed_attempts, exc.cause_name)
            return
        log_retry(kind, job.id, job.failed_attempts, delay, exc.cause_name)
        job.due = time.monotonic() + delay.total_seconds()
        slot.waiting = job

    async def _drain(self, run: _Run) -> None:
        """Let running jobs finish for a while, then cancel the rest (the sweep redoes them)."""
        if run.tasks:
            _, pending = await asyncio.wait(set(run.tasks),
                                            timeout=self._shutdown_timeout.total_seconds())
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)

