"""A throwaway PostgreSQL database per benchmark run, dropped afterwards whatever happens."""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from bench.support.procs import cpu_seconds, descendants
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


class BackendCpu:
    """The CPU time of the PostgreSQL backends serving one database, while the block runs.

    The server runs on this machine. A thread looks every `interval` seconds at the
    postmaster's children (/proc), keeps those whose process title names the database (as
    pg_stat_activity would list them: client backends, and autovacuum workers while they work on
    it), and reads each one's CPU time from /proc. A backend there at the start counts from then,
    a later one from its start. What a backend spends after the last look before it exits is
    missed (`ended` says how many exited while looked at); the server's shared processes (WAL
    writer, checkpointer) and other databases' clients are not counted. `stop()` takes the
    last look; `overhead` is the CPU the looking cost this process."""

    def __init__(self, database: str, *, exclude: tuple[int, ...] = (), interval: float = 0.025) -> None:
        self.database, self.exclude, self.interval = database, set(exclude), interval
        self._base: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._present: set[int] = set()
        self._others: set[int] = set()
        self._postmaster = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="backend-cpu", daemon=True)
        self.overhead = 0.0

    def __enter__(self) -> BackendCpu:
        with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as admin:
            row = admin.execute("SELECT pg_backend_pid()").fetchone()
            assert row is not None
            self._postmaster = parent(int(row[0]))
        self._look(first=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Take the last look and stop looking (the figures stay as they are from then on)."""
        if not self._stop.is_set():
            self._stop.set()
            self._thread.join()
            self._look()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(cpu - self._base.get(pid, 0.0) for pid, cpu in self._last.items())

    @property
    def backends(self) -> int:
        return len(self._last)

    @property
    def ended(self) -> int:
        return len(self._last.keys() - self._present)

    def _watch(self) -> None:
        started = time.thread_time()
        while not self._stop.wait(self.interval):
            self._look()
        self.overhead = time.thread_time() - started

    def _look(self, *, first: bool = False) -> None:
        present = set()
        for pid in children(self._postmaster):
            if pid in self._others or pid in self.exclude:
                continue
            if pid not in self._last:
                title = process_title(pid)
                if not title.startswith("postgres: "):
                    continue  # just forked: the title is not set yet (or it is gone)
                if f" {self.database} " not in f"{title} ":
                    self._others.add(pid)
                    continue
            cpu = cpu_seconds(pid)
            if cpu is None:
                continue
            present.add(pid)
            self._last[pid] = cpu
            if first:
                self._base[pid] = cpu
        self._present = present


def parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def children(pid: int) -> list[int]:
    """The process's children (one read of /proc; a scan of /proc where that is missing)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return [c for c in descendants(pid) if _parent_or_none(c) == pid]


def _parent_or_none(pid: int) -> int | None:
    try:
        return parent(pid)
    except (OSError, ValueError, IndexError):
        return None


def process_title(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
