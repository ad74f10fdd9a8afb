"""The procrastinate queue across OS processes: per-user order, SIGKILL recovery, SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta

import psycopg
import pytest

from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.procrastinate_queue import ProcrastinateTaskQueue, libpq_dsn
from bobby_core.errors import ExternalServiceError
from bobby_core.model import UserId
from tests.integration.processes import Spawned
from tests.integration.queue_worker import FETCHERS

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

USER = UserId("user-one")

SCHEMA = """
DROP TABLE IF EXISTS queue_inbox, queue_busy, queue_runs;
CREATE TABLE queue_inbox (seq integer PRIMARY KEY, user_id text NOT NULL, handled_by integer,
                          handled_at timestamptz, handled_count integer NOT NULL DEFAULT 0);
CREATE TABLE queue_busy (n integer NOT NULL, peak integer NOT NULL);
INSERT INTO queue_busy VALUES (0, 0);
CREATE TABLE queue_runs (id serial PRIMARY KEY, pid integer NOT NULL,
                         at timestamptz NOT NULL DEFAULT clock_timestamp());
"""


@pytest.fixture
def dsn(clean_postgres_url: str) -> Iterator[str]:
    """The session database with this test's recording tables, dropped afterwards (other tests
    compare the schema with the models)."""
    dsn = libpq_dsn(clean_postgres_url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SCHEMA)
    yield dsn
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS queue_inbox, queue_busy, queue_runs")


def query(dsn: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(sql.encode()).fetchall()


@pytest.fixture
def spawn(clean_postgres_url: str, spawned: Spawned) -> Callable[[str], subprocess.Popen[bytes]]:
    def start(mode: str) -> subprocess.Popen[bytes]:
        return spawned.module("tests.integration.queue_worker", clean_postgres_url, mode,
                              name=f"queue-worker-{mode}")

    return start


@pytest.fixture
async def queue(clean_postgres_url: str) -> AsyncIterator[ProcrastinateTaskQueue]:
    q = ProcrastinateTaskQueue(clean_postgres_url, pool_size=2)
    try:
        yield q
    finally:
        await q.close()


async def until(check: Callable[[], bool], within: float) -> float:
    started = time.monotonic()
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110 - polls another process's writes
            await asyncio.sleep(0.05)
    return time.monotonic() - started


def workers(dsn: str) -> int:
    """How many worker processes are registered."""
    return int(str(query(dsn, "SELECT count(*) FROM procrastinate_workers")[0][0])) // FETCHERS


async def test_two_workers_handle_one_users_messages_once_each_in_order_never_at_once(
        dsn: str, spawn: Callable[[str], subprocess.Popen[bytes]],
        queue: ProcrastinateTaskQueue) -> None:
    procs = [spawn("inbox"), spawn("inbox")]
    await until(lambda: workers(dsn) == 2, within=20)
    with psycopg.connect(dsn, autocommit=True) as conn:
        for seq in range(50):
            conn.execute("INSERT INTO queue_inbox (seq, user_id) VALUES (%s, %s)", (seq, USER))
    await queue.defer_turns(USER)
    await until(lambda: query(dsn, "SELECT count(*) FROM queue_inbox WHERE handled_at IS NULL")
                == [(0,)], within=20)

    rows = query(dsn, "SELECT seq, handled_count, handled_by FROM queue_inbox ORDER BY handled_at")
    assert [r[0] for r in rows] == list(range(50))
    assert {r[1] for r in rows} == {1}
    assert query(dsn, "SELECT n, peak FROM queue_busy") == [(0, 1)]
    by_worker = query(dsn, "SELECT handled_by, count(*) FROM queue_inbox GROUP BY handled_by")
    span = query(dsn, "SELECT extract(epoch FROM max(handled_at) - min(handled_at)) FROM queue_inbox")
    print("rows handled per worker pid:", by_worker, "in", span[0][0], "s")
    assert len(by_worker) == 2  # both processes took jobs, yet never two at once

    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    assert [proc.wait(15) for proc in procs] == [0, 0]
    assert workers(dsn) == 0


async def test_a_job_of_a_killed_worker_runs_again_on_another(
        dsn: str, spawn: Callable[[str], subprocess.Popen[bytes]],
        queue: ProcrastinateTaskQueue) -> None:
    doomed = spawn("stall")
    await until(lambda: workers(dsn) == 1, within=20)
    await queue.defer_turns(USER)
    await until(lambda: query(dsn, "SELECT count(*) FROM queue_runs") == [(1,)], within=10)
    survivor = spawn("stall")
    await until(lambda: workers(dsn) == 2, within=20)

    doomed.send_signal(signal.SIGKILL)
    doomed.wait(5)
    took = await until(lambda: query(dsn, "SELECT count(*) FROM queue_runs") == [(2,)], within=15)

    assert query(dsn, "SELECT pid FROM queue_runs ORDER BY id") == [(doomed.pid,), (survivor.pid,)]
    print(f"the job ran again {took:.1f} s after SIGKILL")


async def test_the_next_job_of_a_user_starts_when_the_last_ends_not_at_the_next_poll(
        clean_postgres_url: str) -> None:
    # Without the lock-released notification (migration 0005) the second job would wait for
    # the 30 s poll.
    queue = ProcrastinateTaskQueue(clean_postgres_url, pool_size=3,
                                   poll_every=timedelta(seconds=30))
    release, runs = asyncio.Event(), list[float]()

    async def run_turns(_user: UserId) -> None:
        runs.append(time.monotonic())
        if len(runs) == 1:
            await release.wait()

    async def nothing(_user: UserId | None = None) -> None:
        return None

    stop = asyncio.Event()
    worker = asyncio.create_task(queue.run_worker(
        JobHandlers(run_turns=run_turns, deliver=nothing, sweep=nothing), concurrency=5, stop=stop))
    try:
        await queue.defer_turns(USER)
        await until(lambda: len(runs) == 1, within=10)
        await queue.defer_turns(USER)
        await asyncio.sleep(0.3)
        released = time.monotonic()
        release.set()
        await until(lambda: len(runs) == 2, within=10)
        assert runs[1] - released < 5
    finally:
        stop.set()
        await asyncio.wait_for(worker, 15)
        await queue.close()


async def test_an_unreachable_database_is_an_external_service_error_without_secrets() -> None:
    queue = ProcrastinateTaskQueue("postgres://bobby:s3cret@127.0.0.1:1/bobby",
                                   connect_timeout=timedelta(seconds=0.5))
    try:
        with pytest.raises(ExternalServiceError) as caught:
            await queue.defer_turns(USER)
    finally:
        await queue.close()
    assert caught.value.service == "queue"
    assert "s3cret" not in str(caught.value)


async def test_two_workers_sweep_once_per_tick_between_them(clean_postgres_url: str) -> None:
    sweeps: list[float] = []

    async def sweep() -> None:
        sweeps.append(time.monotonic())

    async def nothing(_user: UserId) -> None:
        return None

    queues = [ProcrastinateTaskQueue(clean_postgres_url, pool_size=3,
                                     sweep_every=timedelta(seconds=1)) for _ in range(2)]
    stop = asyncio.Event()
    handlers = JobHandlers(run_turns=nothing, deliver=nothing, sweep=sweep)
    tasks = [asyncio.create_task(q.run_worker(handlers, concurrency=5, stop=stop)) for q in queues]
    try:
        await until(lambda: len(sweeps) >= 2, within=10)  # each worker's start-up sweep
        await asyncio.sleep(1.5)
        counted_from = time.monotonic()
        await asyncio.sleep(3)
        ticks = [t for t in sweeps if t >= counted_from]
        # Three ticks in three seconds (one more at a boundary); two workers each deferring
        # every tick would make six.
        assert 1 <= len(ticks) <= 4
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 15)
        for q in queues:
            await q.close()
