"""`bobby worker`: the queue alone (turns, sends, the sweep), beside `bobby serve --web-only`."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.worker import JobWorker, run_until_signalled
from bobby_http.config import StartupError
from bobby_main.asgi import resources
from bobby_main.container import build_container
from bobby_main.logs import configure_logging
from bobby_main.metrics_server import serving_metrics
from bobby_main.settings import Settings
from bobby_main.startup import check_startup, startup_lines

WORKER_NEEDS_POSTGRES = (
    "bobby: `bobby worker` needs PostgreSQL (DATABASE_URL=postgresql://...); with the embedded "
    "SQLite default, `bobby serve` works the queue itself")


def work(settings: Settings, metrics_port: int | None = None) -> int:
    try:
        configure_logging(settings)
        check_startup(settings)
    except StartupError as exc:
        for line in startup_lines(exc):
            print(line, file=sys.stderr)
        return 2
    if not settings.uses_postgres:
        print(WORKER_NEEDS_POSTGRES, file=sys.stderr)
        return 2
    asyncio.run(_work(settings, metrics_port or settings.metrics_port))
    return 0


async def _work(settings: Settings, metrics_port: int | None) -> None:
    container = build_container(settings)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(resources(container, worker=False))
        if metrics_port is not None:
            await stack.enter_async_context(
                serving_metrics(container, settings.host, metrics_port))
        await run_until_signalled(container.get(JobWorker), container.get(JobHandlers),
                                  concurrency=settings.worker_concurrency)
