"""The database goes away under a running Bobby and comes back.

PostgreSQL: a cluster of the test's own is stopped (immediate mode: every connection cut, as in
a crash) while users walk exercises through `bobby serve --web-only` and a `bobby worker`, then
started again. SQLite: another process holds the file's write lock past the busy timeout."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from bobby_http.app import create_app
from bobby_main.asgi import lifespan_for
from bobby_main.container import build_container
from bobby_main.settings import Settings
from tests.conftest import migrate
from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import PUBLIC, TOKEN, inbound, is_problem, post_form
from tests.integration.pg_cluster import ClusterUnavailableError, ThrowawayCluster
from tests.integration.pipeline_support import RecordingMessengerModule
from tests.integration.processes import Spawned
from tests.integration.traffic import WALK, Users, phone, sends_per_reply, settled

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ACCOUNT = "AC" + "4" * 32
USERS = 6


@pytest.fixture
def cluster() -> Iterator[ThrowawayCluster]:
    try:
        server = ThrowawayCluster()
        server.start()
    except ClusterUnavailableError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"a throwaway PostgreSQL cluster is required under CI=true: {exc}")
        pytest.skip(str(exc))
    yield server
    server.remove()


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


def bobby_settings(database_url: str, twilio: FakeTwilio) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "BOBBY_ENV": "dev", "TWILIO_ACCOUNT_SID": ACCOUNT,
            "TWILIO_AUTH_TOKEN": TOKEN, "WHATSAPP_NUMBER": "+14155238886",
            "TWILIO_API_BASE_URL": twilio.base_url, "PUBLIC_BASE_URL": PUBLIC,
            "WORKER_STALLED_AFTER_SECONDS": "2", "OPENAI_MODERATION": "false"}


async def registered(database_url: str) -> None:
    """Until the worker has registered with the queue (it takes jobs from then on)."""
    for _ in range(300):
        with contextlib.suppress(psycopg.Error):
            if ledger_scalar(database_url, "SELECT count(*) FROM procrastinate_workers"):
                return
        await asyncio.sleep(0.1)
    raise AssertionError("the worker never registered")


def ledger_scalar(database_url: str, query: str) -> int:
    with psycopg.connect(database_url, autocommit=True, connect_timeout=2) as conn:
        row = conn.execute(query.encode()).fetchone()
    return int(row[0]) if row else 0


async def test_postgresql_stopped_mid_run_without_a_spool_gives_503s_then_everything_recovers(
        cluster: ThrowawayCluster, twilio: FakeTwilio, spawned: Spawned) -> None:
    url = cluster.create_database("bobby")
    migrate(url)
    # A spool that cannot be written: the webhooks have nowhere to keep a message, so they
    # refuse it (test_spool_faults.py has the spool taking them).
    (spawned.work / "no-spool").write_text("not a directory")
    settings = {**bobby_settings(url, twilio), "SPOOL_DIR": str(spawned.work / "no-spool")}
    web_process, web = spawned.web(settings)
    worker = spawned.bobby("worker", name="worker", **settings)
    await registered(url)
    users = Users(web)
    numbers = [phone(n) for n in range(USERS)]
    walking = asyncio.create_task(users.walk(numbers, pause=0.1))
    async with httpx.AsyncClient(timeout=10) as client:
        while users.answers.statuses[200] < USERS * 3:  # noqa: ASYNC110 - the walk's progress
            await asyncio.sleep(0.1)
        await asyncio.to_thread(cluster.stop)
        while users.answers.statuses[503] < 2 * USERS:
            assert not walking.done()
            await asyncio.sleep(0.1)
        ready = await client.get(web + "/ready")
        assert is_problem(ready, 503)
        await asyncio.to_thread(cluster.start)
        await walking
        final = await settled(url, USERS * len(WALK), within=120)
        ready = await client.get(web + "/ready")
    assert ready.status_code == 200
    assert web_process.poll() is None
    assert worker.poll() is None
    # Refused while down, always as a problem, never a 500 or a hang (the client's 10 s).
    assert set(users.answers.statuses) <= {200, 503, 0}, users.answers.statuses
    assert users.answers.problems == users.answers.statuses[503]
    # No half-written turn: one save per message, every message answered, nothing doubled.
    assert final.inbound_by_phone == final.versions_by_phone
    assert final.inbound_without_reply == 0
    assert final.doubled_inbound == 0
    sends = sends_per_reply(twilio)
    assert set(sends.values()) == {1}
    assert sum(sends.values()) == final.replies


LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@pytest.mark.parametrize("spool", ["writable", "not writable"])
def test_a_sqlite_file_locked_past_the_busy_timeout_spools_or_gives_503s_then_recovers(
        sqlite_url: str, tmp_path: Path, spool: str) -> None:
    # The default wait must end well inside Twilio's 15 s webhook budget; 0.5 s keeps it short.
    assert Settings(_env_file=None).sqlite_busy_timeout_seconds <= 5
    spool_dir = tmp_path / "spool"
    if spool == "not writable":
        spool_dir.write_text("a file where the spool's directory should be")
    container = build_container(
        Settings(_env_file=None, database_url=sqlite_url, twilio_auth_token=TOKEN,
                 public_base_url=PUBLIC, sqlite_busy_timeout_seconds=0.5,
                 spool_dir=str(spool_dir)),
        RecordingMessengerModule())
    app = create_app(container, lifespan=[lifespan_for(container, worker=True)])
    path = sqlite_url.removeprefix("sqlite:///")
    with TestClient(app) as client:
        # The in-process worker writes too (its start-up sweep, then the turn): with so short a
        # wait, a webhook may meet its lock on a busy machine; the retry Twilio would make is
        # made here until the file is free.
        assert accepted(client, inbound("hi", "SMlock1")).status_code == 200
        locker = subprocess.Popen([sys.executable, "-c", LOCKER, path],  # noqa: S603
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert locker.stdout is not None
        assert locker.stdout.readline() == b"locked\n"
        try:
            locked = post_form(client, "/webhooks/twilio/messages", inbound("yes", "SMlock2"))
            ready = client.get("/ready")
            if spool == "writable":
                assert locked.status_code == 200  # kept in the spool, taken
                assert [p.suffix for p in spool_dir.iterdir()] == [".json"]
        finally:
            assert locker.stdin is not None
            locker.stdin.close()
            locker.wait(10)
        assert is_problem(ready, 503)
        if spool == "not writable":
            assert is_problem(locked, 503), locked.text
            assert locked.headers["retry-after"] == ready.headers["retry-after"] == "5"
            assert accepted(client, inbound("yes", "SMlock2")).status_code == 200
        assert client.get("/ready").status_code == 200

        for _ in range(200):  # drained (or resent), then both turns taken, the lock long gone
            if handled(path) == [True, True]:
                break
            time.sleep(0.05)
        assert handled(path) == [True, True]


def accepted(client: TestClient[Litestar], form: dict[str, str], seconds: float = 30.0) -> Any:
    """Post the webhook until it is answered 200 (503s on the way are the database's lock)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = post_form(client, "/webhooks/twilio/messages", form)
        if answer.status_code != 503 or time.monotonic() > deadline:
            return answer
        time.sleep(0.05)


def handled(path: str) -> list[bool]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT handled_at IS NOT NULL FROM messages "
                            "WHERE direction = 'inbound' ORDER BY seq").fetchall()
    return [bool(r[0]) for r in rows]
