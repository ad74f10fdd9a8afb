"""Engine creation: psycopg 3 for PostgreSQL, aiosqlite with a whole-database write lock for SQLite."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bobby_adapters.sqlalchemy.url import DatabaseUrlError, async_database_url

# How long a SQLite connection waits for another process's write transaction before failing.
# Turns are short, so queueing for a while is better than answering "try again"; but a webhook
# must answer well within Twilio's 15 s, so a file locked for longer is a 503 after this.
SQLITE_BUSY_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Bounds:
    """How long the application waits on the database, at each place it can wait. None leaves
    a wait unbounded (migrations and key rotation may run long statements)."""

    connect: float | None = None
    """A new connection (PostgreSQL; SQLite opens a local file)."""
    statement: float | None = None
    """One statement, cancelled by PostgreSQL past this; SQLite's bound is its busy timeout."""
    checkout: float = 30.0
    """A free connection from the pool."""


def create_engine(database_url: str, pool_size: int = 5,
                  busy_timeout: float = SQLITE_BUSY_TIMEOUT_SECONDS,
                  bounds: Bounds = Bounds()) -> AsyncEngine:
    """Build a lazily-connecting engine for DATABASE_URL; nothing is opened until first use.

    Turns hold a connection only for their two short transactions, so a small pool serves many
    turns that wait on a model at the same time."""
    url = async_database_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            # One shared connection cannot hold two transactions; memory storage has its own mode.
            raise DatabaseUrlError("SQLite needs a file (sqlite:///./bobby.db); for no storage "
                                   "at all use `bobby chat --memory`")
        engine = create_async_engine(url, connect_args={"timeout": busy_timeout},
                                     pool_timeout=bounds.checkout)
        _take_write_lock_on_begin(engine)
        return engine
    # No pre-ping: it would cost a round trip on every checkout, and a turn checks out twice.
    # A connection the server dropped fails its one use (the caller answers 503 or the job is
    # retried) and the pool replaces it; recycling keeps idle ones from going stale.
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size,
                               pool_recycle=1800, pool_timeout=bounds.checkout,
                               connect_args=_postgres_bounds(bounds))


def _postgres_bounds(bounds: Bounds) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if bounds.connect is not None:
        # libpq counts whole seconds, and takes anything under 2 as 2.
        args["connect_timeout"] = max(2, math.ceil(bounds.connect))
    if bounds.statement is not None:
        # Set at connect, so it costs no round trip. It bounds a server that is slow or waits
        # on a lock; a connection that stopped answering altogether is bounded by the callers
        # (bobby_core.deadline), as no server-side setting can reach it.
        args["options"] = f"-c statement_timeout={max(1, round(bounds.statement * 1000))}"
    return args


def _take_write_lock_on_begin(engine: AsyncEngine) -> None:
    # SQLite has no row or advisory locks. Every transaction starts with BEGIN IMMEDIATE, which
    # takes the database write lock up front: transactions from any process run one after the
    # other, so one turn per user at a time holds, and a read-then-write never fails half-way
    # with SQLITE_BUSY. The sqlite3 driver's own BEGIN handling is switched off so that ours is
    # the only one (this also makes SAVEPOINT and DDL transactional).
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
