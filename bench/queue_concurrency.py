"""One worker process, 500 jobs whose handler sleeps 2 s (a turn waiting on the model).

Run: `make bench` (or `.venv/bin/python bench/queue_concurrency.py`). Uses a throwaway
PostgreSQL database on 127.0.0.1:5432 for the procrastinate queue, and the in-process queue.
Prints the wall time from the first defer to the last job's end, beside the ideal (waves of
`concurrency` jobs x 2 s)."""

from __future__ import annotations

import asyncio
import math
import secrets
import sys
import time
from datetime import timedelta
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.conftest import ADMIN_DSN, migrate  # noqa: E402

from bobby_adapters.queue.handlers import JobHandlers  # noqa: E402
from bobby_adapters.queue.in_process import InProcessTaskQueue  # noqa: E402
from bobby_adapters.queue.procrastinate_queue import ProcrastinateTaskQueue  # noqa: E402
from bobby_core.model import UserId  # noqa: E402

JOBS = 500
SLEEP = 2.0


async def measure(queue: InProcessTaskQueue | ProcrastinateTaskQueue, concurrency: int) -> float:
    done = asyncio.Event()
    finished: list[float] = []

    async def run_turns(_user: UserId) -> None:
        await asyncio.sleep(SLEEP)
        finished.append(time.monotonic())
        if len(finished) == JOBS:
            done.set()

    async def nothing(_user: UserId | None = None) -> None:
        return None

    # The webhooks defer (here 20 at a time, as concurrent requests would); the worker starts
    # once all wait, so the figure is the worker's alone: fetching, running, finishing.
    started = time.monotonic()
    users = [UserId(f"bench-{n}") for n in range(JOBS)]
    for at in range(0, JOBS, 20):
        await asyncio.gather(*(queue.defer_turns(user) for user in users[at:at + 20]))
    deferred = time.monotonic() - started
    stop = asyncio.Event()
    started = time.monotonic()
    worker = asyncio.create_task(queue.run_worker(
        JobHandlers(run_turns=run_turns, deliver=nothing, sweep=nothing),
        concurrency=concurrency, stop=stop))
    await asyncio.wait_for(done.wait(), 120)
    took = max(finished) - started
    stop.set()
    await worker
    print(f"  concurrency {concurrency:>3}: {took:5.2f} s from worker start to the last job's end "
          f"(ideal {math.ceil(JOBS / concurrency) * SLEEP:.0f} s); {JOBS} defers took "
          f"{deferred:.2f} s ({JOBS / deferred:.0f}/s)")
    return took


async def main() -> None:
    print(f"{JOBS} jobs, handler sleeps {SLEEP:.0f} s, one worker process "
          "(target: a few seconds, close to the ideal)")
    print("in-process queue:")
    for concurrency in (200, 500):
        await measure(InProcessTaskQueue(sweep_every=timedelta(minutes=5)), concurrency)
    name = f"bobby_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    try:
        migrate(url)
        print("procrastinate on PostgreSQL:")
        for concurrency, fetchers in ((200, 4), (500, 1), (500, 4)):
            print(f"  fetchers {fetchers}", end="")
            queue = ProcrastinateTaskQueue(url, pool_size=10, fetchers=fetchers,
                                           sweep_every=timedelta(minutes=5))
            try:
                await measure(queue, concurrency)
            finally:
                await queue.close()
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                          .format(sql.Identifier(name)))


if __name__ == "__main__":
    asyncio.run(main())
