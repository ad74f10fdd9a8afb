"""Migrations match the models; `bobby db upgrade` works and fails with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.migrate import alembic_config, include_name
from bobby_adapters.sqlalchemy.tables import Base
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.errors import ExternalServiceError
from bobby_main.cli import main

pytestmark = pytest.mark.integration


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                            "include_name": include_name})
    return list(compare_metadata(context, Base.metadata))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_the_migrated_schema_matches_the_models(backend: str,
                                                      request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "postgres_url")
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(_current) == head_revision()
            assert await conn.run_sync(_differences) == []
    finally:
        await engine.dispose()


def test_db_upgrade_creates_the_schema_and_is_repeatable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert out.count(f"revision {head_revision()}") == 2
    assert (tmp_path / "new.db").exists()


@pytest.mark.parametrize(("url", "expected"), [
    ("mysql://root:s3cret@db/bobby", "DATABASE_URL must start with"),
    ("postgresql://bobby:s3cret@127.0.0.1:1/bobby", "cannot open the database on 127.0.0.1"),
])
def test_db_upgrade_explains_a_bad_database_in_one_line_without_secrets(
        url: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert err.count("\n") == 1
    assert "s3cret" not in err
    assert "Traceback" not in err


async def test_an_unreachable_database_is_an_external_service_error() -> None:
    factory = SqlAlchemyUnitOfWorkFactory(create_engine("postgres://bobby:s3cret@127.0.0.1:1/x"))
    try:
        with pytest.raises(ExternalServiceError) as caught:
            async with factory() as work:
                await work.users.get_by_phone("+447700900000")
        assert caught.value.service == "database"
    finally:
        await factory.dispose()
