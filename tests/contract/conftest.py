"""Every contract test body runs on the in-memory fake, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from cryptography.fernet import Fernet

from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_adapters.sqlalchemy.encryption import FieldCipher
from bobby_core.ports import UnitOfWorkFactory
from tests.conftest import open_factory

BACKENDS = [
    "memory",
    "sqlite",
    "sqlite-encrypted",  # the same bodies with DATA_ENCRYPTION_KEY: encryption changes nothing
    pytest.param("postgres", marks=[pytest.mark.integration, pytest.mark.postgres]),
]


@pytest.fixture(params=BACKENDS)
async def uow(request: pytest.FixtureRequest) -> AsyncIterator[UnitOfWorkFactory]:
    if request.param == "memory":
        yield InMemoryUnitOfWorkFactory()
        return
    fixture = "clean_postgres_url" if request.param == "postgres" else "sqlite_url"
    url: str = request.getfixturevalue(fixture)
    cipher = FieldCipher(Fernet.generate_key().decode()) if "encrypted" in request.param else None
    async for factory in open_factory(url, cipher):
        yield factory
