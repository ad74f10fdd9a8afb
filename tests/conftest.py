"""Database fixtures shared by contract and integration tests.

PostgreSQL: a throwaway database `bobby_test_<random>` on 127.0.0.1:5432 (user postgres), created
once per session and dropped after; TEST_DATABASE_URL names an existing database instead. When no
server answers, PostgreSQL tests skip, except under CI=true, where they fail."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import structlog
from psycopg import sql

from bobby_adapters.sklearn_screener import wait_for_training
from bobby_adapters.sqlalchemy.encryption import FieldCipher, attach_cipher
from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.migrate import upgrade
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_adapters.sqlalchemy.url import async_database_url

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
TABLES = ("admin_sessions", "model_calls", "erasures", "mailing_sync", "subscriptions",
          "processed_events", "reminders", "feedback", "safety_events", "guard_events",
          "exercise_results", "messages", "conversations", "users",
          "procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs",
          "procrastinate_workers")


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """`serve`, the worker and the CLI configure the process's logging, with a handler on the
    stderr of the moment (in a test, its captured stream, closed after it): put the logging back
    after every test, or a later log line (an unclosed session collected at random) is a
    "Logging error" in another test's stderr."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    config = structlog.get_config()
    yield
    root.handlers, root.level = handlers, level
    structlog.configure(**config)


@pytest.fixture(autouse=True)
def _classifier_training_ends_with_its_test() -> Iterator[None]:
    """A test that starts the classifier's background training waits for it before the next
    test runs (sklearn_screener.wait_for_training says why)."""
    yield
    wait_for_training()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


def migrate(database_url: str) -> None:
    """Run the migrations from sync code, even when an event loop is already running."""

    async def run() -> None:
        engine = create_engine(database_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    # Fixtures may be requested from inside a running loop (an async fixture); a thread of our
    # own gets a fresh one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database for this test session."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        migrate(given)
        yield given
        return
    name = f"bobby_test_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=3) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        _unavailable(type(exc).__name__)
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    try:
        migrate(url)
        yield url
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=3) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                          .format(sql.Identifier(name)))


def _libpq_dsn(database_url: str) -> str:
    # psycopg itself wants a plain postgresql:// URL, whatever spelling TEST_DATABASE_URL uses.
    url = async_database_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


@pytest.fixture
def clean_postgres_url(postgres_url: str) -> str:
    """The session's PostgreSQL database, emptied for this test."""
    with psycopg.connect(_libpq_dsn(postgres_url), autocommit=True) as conn:
        conn.execute(sql.SQL("TRUNCATE {} CASCADE").format(
            sql.SQL(", ").join(sql.Identifier(t) for t in TABLES)))
    return postgres_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each of the two databases in turn: a SQLite file, then the emptied PostgreSQL one."""
    fixture = "sqlite_url" if request.param == "sqlite" else "clean_postgres_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite file of this test's own."""
    url = f"sqlite:///{tmp_path / 'bobby.db'}"
    migrate(url)
    return url


async def open_factory(database_url: str,
                       cipher: FieldCipher | None = None) -> AsyncIterator[SqlAlchemyUnitOfWorkFactory]:
    engine = create_engine(database_url)
    attach_cipher(engine, cipher)
    factory = SqlAlchemyUnitOfWorkFactory(engine)
    try:
        yield factory
    finally:
        await factory.dispose()
