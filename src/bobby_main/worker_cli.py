"""`bobby worker`: the queue alone (turns, sends, the sweep), beside `bobby serve --web-only`."""

from __future__ import annotations

import asyncio
import logging
import sys

from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.worker import JobWorker, run_until_signalled
from bobby_main.asgi import resources
from bobby_main.container import build_container
from bobby_main.settings import Settings

WORKER_NEEDS_POSTGRES = (
    "bobby: `bobby worker` needs PostgreSQL (DATABASE_URL=postgresql://...); with the embedded "
    "SQLite default, `bobby serve` works the queue itself")


def work(settings: Settings) -> int:
    if not settings.uses_postgres:
        print(WORKER_NEEDS_POSTGRES, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(_work(settings))
    return 0


async def _work(settings: Settings) -> None:
    container = build_container(settings)
    async with resources(container, worker=False):
        await run_until_signalled(container.get(JobWorker), container.get(JobHandlers),
                                  concurrency=settings.worker_concurrency)
