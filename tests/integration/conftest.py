"""Fixtures for the tests that start Bobby's own processes."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.processes import Spawned


@pytest.fixture
def spawned(tmp_path: Path) -> Iterator[Spawned]:
    """Start processes through this; whatever still runs at the end is stopped."""
    processes = Spawned(tmp_path)
    yield processes
    processes.stop_all()


@pytest.fixture
def workers(clean_postgres_url: str,
            spawned: Spawned) -> Callable[..., subprocess.Popen[bytes]]:
    """`workers(**settings)` starts one more `bobby worker` on the test's PostgreSQL database."""
    started = 0

    def start(**settings: str) -> subprocess.Popen[bytes]:
        nonlocal started
        started += 1
        return spawned.bobby("worker", name=f"worker{started}", **{
            "DATABASE_URL": clean_postgres_url, "WORKER_STALLED_AFTER_SECONDS": "2", **settings})

    return start
