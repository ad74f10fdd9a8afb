"""The table of jobs: what a worker runs for each kind of job, in production and in the tests.

Each job calls one use case, timed and counted for /metrics. The sweep also carries the work
that has no job of its own, each at its own pace, written here rather than hidden in a closure:
mailing-list retries and unfinished erasures on every sweep, expired charts at most hourly, and
(with NUDGE_EVERY_DAYS) the look for quiet users at most hourly."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_adapters.queue.handlers import JobHandlers
from bobby_core.model import UserId
from bobby_core.use_cases.close_idle_exercise import CloseIdleExercise, CloseIdleExerciseCommand
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesCommand
from bobby_core.use_cases.expire_media import ExpireMedia
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.nudge_quiet_users import NudgeQuietUsers
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
from bobby_core.use_cases.send_reminder import SendReminder, SendReminderCommand
from bobby_core.use_cases.sweep_work import SweepWork
from bobby_core.use_cases.sync_mailing_list import SyncMailingList, SyncMailingListCommand

EXPIRE_CHECK_EVERY = 3600.0
"""Seconds between looks for charts older than MEDIA_KEEP_DAYS (any worker; it is idempotent)."""
NUDGE_CHECK_EVERY = 3600.0
"""Seconds between looks for users to nudge (any worker may; a second finds them nudged)."""


@dataclass
class Every:
    """Work that runs at most once per `seconds` in this process (the first time at once)."""

    seconds: float
    last: float | None = None

    def due(self) -> bool:
        now = time.monotonic()
        if self.last is not None and now - self.last <= self.seconds:
            return False
        self.last = now
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepDuties:
    """What the periodic sweep runs besides re-queueing what a crash left behind."""

    mailing: SyncMailingList
    erasures: FinishErasures
    expire: ExpireMedia
    nudges: NudgeQuietUsers
    nudging: bool
    """NUDGE_EVERY_DAYS is set."""


class JobTable:
    """One method per job kind; `handlers` is what a queue's worker is given."""

    def __init__(self, turns: RunTurns, deliver: DeliverReplies, sweep: SweepWork,
                 remind: SendReminder, idle: CloseIdleExercise, duties: SweepDuties,
                 metrics: PrometheusMetrics) -> None:
        self._turns, self._deliver, self._sweep = turns, deliver, sweep
        self._remind, self._idle, self._duties = remind, idle, duties
        self._metrics = metrics
        self._expiry, self._nudge = Every(EXPIRE_CHECK_EVERY), Every(NUDGE_CHECK_EVERY)

    @property
    def handlers(self) -> JobHandlers:
        return JobHandlers(run_turns=self.run_turns, deliver=self.deliver, sweep=self.sweep,
                           remind=self.remind, close_idle=self.close_idle)

    async def run_turns(self, user_id: UserId) -> None:
        started = time.perf_counter()
        try:
            done = await self._turns.execute(RunTurnsCommand(user_id=user_id))
        except Exception:
            self._metrics.turns.labels(outcome="failed").inc()
            self._metrics.job_failures.labels(kind="turns").inc()
            raise
        self._metrics.turn_job(time.perf_counter() - started, done.turns, done.model_unavailable)

    async def deliver(self, user_id: UserId) -> None:
        with self._counted("send"):
            await self._deliver.execute(DeliverRepliesCommand(user_id=user_id))

    async def sweep(self) -> None:
        with self._counted("sweep"):
            await self._sweep.execute()
            duties = self._duties
            # Mailing-list changes that failed are retried here, with their own back-off.
            await duties.mailing.execute(SyncMailingListCommand())
            # Files of erased users that could not be removed at once (a store was down).
            await duties.erasures.execute()
            if self._expiry.due():
                await duties.expire.execute()
            if duties.nudging and self._nudge.due():
                await duties.nudges.execute()

    async def remind(self, reminder_id: str) -> None:
        with self._counted("remind"):
            await self._remind.execute(SendReminderCommand(reminder_id=reminder_id))

    async def close_idle(self, user_id: UserId) -> None:
        with self._counted("idle"):
            await self._idle.execute(CloseIdleExerciseCommand(user_id=user_id))

    @contextmanager
    def _counted(self, kind: str) -> Iterator[None]:
        """Count a job that raised (the error goes on to the queue's retry policy)."""
        try:
            yield
        except Exception:
            self._metrics.job_failures.labels(kind=kind).inc()
            raise
