"""A worker process for the queue tests: `python -m tests.integration.queue_worker URL MODE`.

Both modes record into tables the test created, with the database's clock, so that runs in two
processes can be compared:
- `inbox`: run_turns handles the user's oldest unhandled row of queue_inbox and, if more wait,
  defers the next job itself (so one user's 50 rows make 50 jobs, which either process may
  take); queue_busy counts how many runs of that user are active at once (a second concurrent
  run shows as peak 2, a row handled twice as handled_count 2);
- `stall`: run_turns records itself in queue_runs; the first run of all then hangs, so the test
  can SIGKILL this process mid-job.
It stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta

import psycopg

from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.procrastinate_queue import ProcrastinateTaskQueue, libpq_dsn
from bobby_adapters.queue.worker import run_until_signalled
from bobby_core.model import UserId

PID = os.getpid()
FETCHERS = 2
"""procrastinate workers per process, each registered in procrastinate_workers."""


class Recorder:
    """One autocommit connection, shared by this process's jobs one statement at a time."""

    def __init__(self, conn: psycopg.AsyncConnection[tuple[object, ...]]) -> None:
        self._conn, self._lock = conn, asyncio.Lock()

    async def __call__(self, query: str, *params: object) -> list[tuple[object, ...]]:
        async with self._lock:
            cursor = await self._conn.execute(query.encode(), params)
            return await cursor.fetchall() if cursor.description else []


def inbox_handlers(record: Recorder, queue: ProcrastinateTaskQueue) -> JobHandlers:
    async def run_turns(user_id: UserId) -> None:
        await record("UPDATE queue_busy SET n = n + 1, peak = GREATEST(peak, n + 1)")
        try:
            rows = await record("SELECT seq FROM queue_inbox WHERE user_id = %s AND "
                                       "handled_at IS NULL ORDER BY seq LIMIT 2", user_id)
            if not rows:
                return
            await asyncio.sleep(0.01)  # the model, thinking
            await record("UPDATE queue_inbox SET handled_by = %s, handled_at = "
                                "clock_timestamp(), handled_count = handled_count + 1 "
                                "WHERE seq = %s", PID, rows[0][0])
            if len(rows) > 1:
                await queue.defer_turns(user_id)
        finally:
            await record("UPDATE queue_busy SET n = n - 1")

    return JobHandlers(run_turns=run_turns, deliver=_nothing, sweep=_nothing_at_all)


def stall_handlers(record: Recorder) -> JobHandlers:
    async def run_turns(user_id: UserId) -> None:
        rows = await record("INSERT INTO queue_runs (pid) VALUES (%s) RETURNING "
                                   "(SELECT count(*) FROM queue_runs)", PID)
        if rows[0][0] == 0:  # the first run of all (the count does not see its own row)
            await asyncio.sleep(3600)

    return JobHandlers(run_turns=run_turns, deliver=_nothing, sweep=_nothing_at_all)


async def _nothing(_user_id: UserId) -> None:
    return None


async def _nothing_at_all() -> None:
    return None


async def main(url: str, mode: str) -> None:
    conn = await psycopg.AsyncConnection.connect(libpq_dsn(url), autocommit=True)
    record = Recorder(conn)
    queue = ProcrastinateTaskQueue(url, pool_size=4, heartbeat_every=timedelta(seconds=0.3),
                                   stalled_after=timedelta(seconds=1.5),
                                   recover_every=timedelta(seconds=1),
                                   poll_every=timedelta(seconds=0.2), fetchers=FETCHERS)
    handlers = inbox_handlers(record, queue) if mode == "inbox" else stall_handlers(record)
    try:
        await run_until_signalled(queue, handlers, concurrency=20)
    finally:
        await queue.close()
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
