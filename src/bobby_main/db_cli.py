"""`bobby db upgrade`: bring the database on DATABASE_URL to the newest schema."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.migrate import upgrade
from bobby_adapters.sqlalchemy.url import DatabaseUrlError, async_database_url
from bobby_main.settings import Settings


class DatabaseSetupError(Exception):
    """The schema could not be brought up to date; the message is one line for the operator."""


def _engine(database_url: str) -> AsyncEngine:
    try:
        return create_engine(database_url)
    except DatabaseUrlError as exc:
        raise DatabaseSetupError(f"invalid setting DATABASE_URL: {exc}") from exc


def _unreachable(database_url: str, exc: SQLAlchemyError) -> DatabaseSetupError:
    # The driver's message can quote the URL; name the failure and the host only.
    where = async_database_url(database_url).host or "the local file"
    return DatabaseSetupError(
        f"cannot open the database on {where} ({type(exc).__name__}); is it running and is "
        "DATABASE_URL right?")


async def upgrade_database(database_url: str) -> str | None:
    """Run the migrations; return the revision reached or raise DatabaseSetupError."""
    engine = _engine(database_url)
    try:
        return await upgrade(engine)
    except CommandError as exc:
        raise DatabaseSetupError(f"migration failed: {exc}") from exc
    except SQLAlchemyError as exc:
        raise _unreachable(database_url, exc) from exc
    finally:
        await engine.dispose()


async def probe_database(database_url: str) -> None:
    """Connect once (as `serve` starts); raise DatabaseSetupError with `db upgrade`'s line."""
    engine = _engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise _unreachable(database_url, exc) from exc
    finally:
        await engine.dispose()


def sqlite_file(database_url: str) -> Path | None:
    """The absolute path of a SQLite database's file (None: PostgreSQL, in-memory, invalid)."""
    try:
        url = async_database_url(database_url)
    except DatabaseUrlError:
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser().resolve()


def missing_database(settings: Settings) -> str | None:
    """One line for a command that reads an existing database when DATABASE_URL names a
    SQLite file that is not there (run outside the project's directory, most often): where it
    looked and what to do. Checked before connecting, since connecting would create the file
    empty."""
    path = sqlite_file(settings.database_url)
    if path is None or path.exists():
        return None
    return (f"bobby: no database at {path} (DATABASE_URL={settings.database_url}, read from "
            f"{Path.cwd()}); run bobby in your project's directory, set DATABASE_URL, or create "
            "it with `bobby db upgrade`")


def db_upgrade(settings: Settings) -> int:
    try:
        revision = asyncio.run(upgrade_database(settings.database_url))
    except DatabaseSetupError as exc:
        print(f"bobby: {exc}", file=sys.stderr)
        return 1
    print(f"bobby: database schema is at revision {revision}")
    return 0
