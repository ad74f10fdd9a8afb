"""Running a queue's worker: in the background of `bobby serve`, or alone in `bobby worker`."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from typing import Protocol

from bobby_adapters.queue.handlers import JobHandlers


class JobWorker(Protocol):
    async def run_worker(self, handlers: JobHandlers, *, concurrency: int,
                         stop: asyncio.Event | None = None) -> None:
        """Work the queue with these handlers until `stop` is set, then finish running jobs."""
        ...


@contextlib.asynccontextmanager
async def worker_in_background(worker: JobWorker, handlers: JobHandlers, *,
                               concurrency: int) -> AsyncIterator[asyncio.Task[None]]:
    """Run the worker as a task for the life of the block (a Litestar lifespan), then stop it."""
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run_worker(handlers, concurrency=concurrency, stop=stop),
                               name="bobby-worker")
    try:
        yield task
    finally:
        stop.set()
        await task


async def run_until_signalled(worker: JobWorker, handlers: JobHandlers, *, concurrency: int) -> None:
    """Run the worker in the foreground until SIGTERM or SIGINT (`bobby worker`)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        await worker.run_worker(handlers, concurrency=concurrency, stop=stop)
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
