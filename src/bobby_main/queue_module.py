"""The job queue: procrastinate on PostgreSQL, an in-process queue for the embedded default,
and the table of jobs its worker runs."""

from __future__ import annotations

from datetime import timedelta

from injector import Module, provider, singleton

from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_adapters.queue.factory import QueueBackend, queue_for
from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.job_table import JobTable, SweepDuties
from bobby_adapters.queue.worker import JobWorker
from bobby_core.ports import Clock, TaskQueue
from bobby_core.use_cases.close_idle_exercise import CloseIdleExercise
from bobby_core.use_cases.deliver_replies import DeliverReplies
from bobby_core.use_cases.expire_media import ExpireMedia
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.nudge_quiet_users import NudgeQuietUsers
from bobby_core.use_cases.run_turns import RunTurns
from bobby_core.use_cases.send_reminder import SendReminder
from bobby_core.use_cases.sweep_work import SweepWork
from bobby_core.use_cases.sync_mailing_list import SyncMailingList
from bobby_main.settings import Settings


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


class JobsModule(Module):
    """What each kind of job runs: the same table in production and in the unit tests."""

    @singleton
    @provider
    def job_table(self, turns: RunTurns, deliver: DeliverReplies, sweep: SweepWork,
                  remind: SendReminder, idle: CloseIdleExercise, mailing: SyncMailingList,
                  erasures: FinishErasures, expire: ExpireMedia, nudges: NudgeQuietUsers,
                  metrics: PrometheusMetrics, s: Settings) -> JobTable:
        duties = SweepDuties(mailing=mailing, erasures=erasures, expire=expire, nudges=nudges,
                             nudging=s.nudge_every_days is not None)
        return JobTable(turns, deliver, sweep, remind, idle, duties, metrics)

    @singleton
    @provider
    def handlers(self, table: JobTable) -> JobHandlers:
        return table.handlers
