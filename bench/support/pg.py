"""A throwaway PostgreSQL database per benchmark run, dropped afterwards whatever happens."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

ADMIN_DSN = os.environ.get("BENCH_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server answers at BENCH_ADMIN_DSN."""


def _server_url(dsn: str) -> str:
    return dsn.rsplit("/", 1)[0]


@contextmanager
def throwaway_database(prefix: str = "bobby_bench") -> Iterator[str]:
    """Create `<prefix>_<random>` and yield its URL; drop it (WITH FORCE) on the way out."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        raise PostgresUnavailableError(
            f"needs PostgreSQL at {ADMIN_DSN} (BENCH_ADMIN_DSN): {type(exc).__name__}") from None
    try:
        yield f"{_server_url(ADMIN_DSN)}/{name}"
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def scalar(url: str, query: str) -> object:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[arg-type]
    return row[0] if row else None


def transactions(conn: psycopg.Connection[tuple[int]]) -> int:
    """Transactions committed or rolled back in this database so far (statistics lag ~1 s)."""
    conn.execute("SELECT pg_stat_clear_snapshot()")
    row = conn.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                       "WHERE datname = current_database()").fetchone()
    return int(row[0]) if row else 0
