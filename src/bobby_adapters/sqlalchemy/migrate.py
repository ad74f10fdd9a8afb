"""Run the Alembic migrations shipped inside this package, without an alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import NameFilterParentNames, NameFilterType
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bobby_adapters.sqlalchemy.uow import advisory_key

MIGRATIONS = Path(__file__).parent / "migrations"


def include_name(name: str | None, type_: NameFilterType, _parents: NameFilterParentNames) -> bool:
    """Alembic's filter: procrastinate's tables come from revision 0005, not from our models."""
    return not (type_ == "table" and name is not None and name.startswith("procrastinate_"))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def upgrade(engine: AsyncEngine) -> str | None:
    """Bring the schema to the newest revision and return it; safe to run from two processes."""
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two servers starting at once must not both create the tables.
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": advisory_key("bobby:migrations")})
        await conn.run_sync(_upgrade)
        return await conn.run_sync(_current)


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
