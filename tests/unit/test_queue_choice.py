from __future__ import annotations

from datetime import timedelta

import pytest

from bobby_adapters.queue.factory import queue_for
from bobby_adapters.queue.in_process import InProcessTaskQueue
from bobby_adapters.queue.jobs import RetryPolicy
from bobby_adapters.queue.procrastinate_queue import ProcrastinateTaskQueue, cron_every, libpq_dsn


@pytest.mark.parametrize("url", ["sqlite:///./bobby.db", "sqlite+aiosqlite:///x.db"])
def test_sqlite_gets_the_in_process_queue(url: str) -> None:
    assert isinstance(queue_for(url), InProcessTaskQueue)


@pytest.mark.parametrize("url", ["postgres://u:p@db/bobby", "postgresql+psycopg://u:p@db/bobby"])
def test_postgresql_gets_procrastinate_without_connecting(url: str) -> None:
    assert isinstance(queue_for(url), ProcrastinateTaskQueue)


def test_any_postgresql_spelling_becomes_a_libpq_url() -> None:
    assert libpq_dsn("postgresql+psycopg://u:p@db:5433/bobby") == "postgresql://u:p@db:5433/bobby"
    assert libpq_dsn("postgres://u@db/bobby") == "postgresql://u@db/bobby"


def test_backoff_doubles_up_to_the_cap_and_stops_after_the_last_attempt() -> None:
    delays = [RetryPolicy().delay_after(n) for n in range(1, 6)]
    assert [d.total_seconds() if d else None for d in delays] == [1, 2, 4, 8, None]
    capped = RetryPolicy(max_attempts=10).delay_after(9)
    assert capped is not None
    assert capped.total_seconds() == 60


def test_periods_become_cron_lines_with_a_seconds_field() -> None:
    assert cron_every(timedelta(seconds=30)) == "* * * * * */30"
    assert cron_every(timedelta(minutes=5)) == "*/5 * * * *"
