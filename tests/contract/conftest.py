"""Every contract test body runs on the in-memory fake, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_core.ports import UnitOfWorkFactory
from tests.conftest import open_factory

BACKENDS = [
    "memory",
    "sqlite",
    pytest.param("postgres", marks=[pytest.mark.integration, pytest.mark.postgres]),
]


@pytest.fixture(params=BACKENDS)
async def uow(request: pytest.FixtureRequest) -> AsyncIterator[UnitOfWorkFactory]:
    if request.param == "memory":
        yield InMemoryUnitOfWorkFactory()
        return
    fixture = "sqlite_url" if request.param == "sqlite" else "clean_postgres_url"
    url: str = request.getfixturevalue(fixture)
    async for factory in open_factory(url):
        yield factory
