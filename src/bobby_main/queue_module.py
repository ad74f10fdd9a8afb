"""The job queue: procrastinate on PostgreSQL, an in-process queue for the embedded default."""

from __future__ import annotations

from datetime import timedelta

from injector import Module, provider, singleton

from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_adapters.queue.factory import QueueBackend, queue_for
from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.worker import JobWorker
from bobby_core.model import UserId
from bobby_core.ports import TaskQueue
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesCommand
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
from bobby_core.use_cases.sweep_work import SweepWork
from bobby_core.use_cases.sync_mailing_list import SyncMailingList, SyncMailingListCommand
from bobby_main.settings import Settings


class QueueModule(Module):
    """One queue object fills both roles: the port the use cases defer work to, and the worker
    the process runs (in `bobby serve`, or alone in `bobby worker`)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._queue: QueueBackend | None = None

    def _built(self) -> QueueBackend:
        if self._queue is None:
            s = self._settings
            self._queue = queue_for(
                s.database_url, pool_size=s.database_pool_size,
                stalled_after=timedelta(seconds=s.worker_stalled_after_seconds))
        return self._queue

    @singleton
    @provider
    def task_queue(self) -> TaskQueue:
        return self._built()

    @singleton
    @provider
    def worker(self) -> JobWorker:
        return self._built()

    @singleton
    @provider
    def handlers(self, turns: RunTurns, deliver: DeliverReplies, sweep: SweepWork,
                 mailing: SyncMailingList, metrics: PrometheusMetrics) -> JobHandlers:
        async def run_turns(user_id: UserId) -> tuple[int, bool]:
            done = await turns.execute(RunTurnsCommand(user_id=user_id))
            return done.turns, done.model_unavailable

        async def send(user_id: UserId) -> None:
            await deliver.execute(DeliverRepliesCommand(user_id=user_id))

        async def sweep_now() -> None:
            await sweep.execute()
            # Mailing-list changes that failed are retried here, with their own back-off.
            await mailing.execute(SyncMailingListCommand())

        async def run_turns_only(user_id: UserId) -> None:
            await run_turns(user_id)

        plain = JobHandlers(run_turns=run_turns_only, deliver=send, sweep=sweep_now)
        return metrics.measured_handlers(plain, run_turns)
