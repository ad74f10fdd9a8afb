"""The job queue: procrastinate on PostgreSQL, an in-process queue for the embedded default."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from injector import Module, provider, singleton

from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_adapters.queue.factory import QueueBackend, queue_for
from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.worker import JobWorker
from bobby_core.model import UserId
from bobby_core.ports import Clock, TaskQueue
from bobby_core.use_cases.close_idle_exercise import CloseIdleExercise, CloseIdleExerciseCommand
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesCommand
from bobby_core.use_cases.expire_media import ExpireMedia
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.nudge_quiet_users import NudgeQuietUsers
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
from bobby_core.use_cases.send_reminder import SendReminder, SendReminderCommand
from bobby_core.use_cases.sweep_work import SweepWork
from bobby_core.use_cases.sync_mailing_list import SyncMailingList, SyncMailingListCommand
from bobby_main.settings import Settings

NUDGE_CHECK_EVERY = 3600.0
EXPIRE_CHECK_EVERY = 3600.0
"""Seconds between looks for charts older than MEDIA_KEEP_DAYS (any worker; it is idempotent)."""
"""Seconds between two looks for users to nudge (NUDGE_EVERY_DAYS)."""


class QueueModule(Module):
    """One queue object fills both roles: the port the use cases defer work to, and the worker
    the process runs (in `bobby serve`, or alone in `bobby worker`)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._queue: QueueBackend | None = None

    def _built(self, clock: Clock) -> QueueBackend:
        if self._queue is None:
            s = self._settings
            self._queue = queue_for(
                s.database_url, pool_size=s.database_pool_size,
                stalled_after=timedelta(seconds=s.worker_stalled_after_seconds), clock=clock)
        return self._queue

    @singleton
    @provider
    def task_queue(self, clock: Clock) -> TaskQueue:
        return self._built(clock)

    @singleton
    @provider
    def worker(self, clock: Clock) -> JobWorker:
        return self._built(clock)

    @singleton
    @provider
    def handlers(self, turns: RunTurns, deliver: DeliverReplies, sweep: SweepWork,
                 mailing: SyncMailingList, metrics: PrometheusMetrics,
                 remind: SendReminder, idle: CloseIdleExercise,
                 nudges: NudgeQuietUsers, erasures: FinishErasures,
                 expire: ExpireMedia) -> JobHandlers:
        nudging = self._settings.nudge_every_days is not None
        last_nudge: list[float] = []
        last_expiry: list[float] = []

        async def run_turns(user_id: UserId) -> tuple[int, bool]:
            done = await turns.execute(RunTurnsCommand(user_id=user_id))
            return done.turns, done.model_unavailable

        async def send(user_id: UserId) -> None:
            await deliver.execute(DeliverRepliesCommand(user_id=user_id))

        async def sweep_now() -> None:
            await sweep.execute()
            # Mailing-list changes that failed are retried here, with their own back-off.
            await mailing.execute(SyncMailingListCommand())
            # Files of erased users that could not be removed at once (a store was down).
            await erasures.execute()
            if not last_expiry or time.monotonic() - last_expiry[0] > EXPIRE_CHECK_EVERY:
                last_expiry[:] = [time.monotonic()]
                await expire.execute()
            # The periodic nudge looks for quiet users once an hour at most (any worker may;
            # a second worker's run finds them nudged already).
            if nudging and (not last_nudge or time.monotonic() - last_nudge[0] > NUDGE_CHECK_EVERY):
                last_nudge[:] = [time.monotonic()]
                await nudges.execute()

        async def run_turns_only(user_id: UserId) -> None:
            await run_turns(user_id)

        async def send_reminder(reminder_id: str) -> None:
            await remind.execute(SendReminderCommand(reminder_id=reminder_id))

        async def close_idle(user_id: UserId) -> None:
            await idle.execute(CloseIdleExerciseCommand(user_id=user_id))

        plain = JobHandlers(run_turns=run_turns_only, deliver=send, sweep=sweep_now)
        # The scheduled jobs (reminders, idle checks) ride beside the measured three.
        return replace(metrics.measured_handlers(plain, run_turns), remind=send_reminder,
                       close_idle=close_idle)
