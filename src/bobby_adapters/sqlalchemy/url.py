"""DATABASE_URL as operators write it, turned into the async driver URL SQLAlchemy needs."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

# Heroku and most hosts hand out `postgres://`; SQLAlchemy only knows `postgresql`, and the
# plain scheme would pick psycopg2, which we do not ship.
_DRIVERS = {
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "postgresql+psycopg_async": "postgresql+psycopg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
}


class DatabaseUrlError(ValueError):
    """DATABASE_URL is malformed or names a database we do not support."""


def async_database_url(database_url: str) -> URL:
    """Map `postgres://`, `postgresql://` and `sqlite://` URLs to psycopg 3 and aiosqlite."""
    text = database_url.strip()
    scheme, sep, rest = text.partition("://")
    driver = _DRIVERS.get(scheme.lower())
    if not sep or driver is None:
        # Only the scheme is echoed: the rest of a URL may hold a password.
        got = f" (got {scheme[:30]!r})" if sep else ""
        raise DatabaseUrlError(
            f"DATABASE_URL must start with postgres://, postgresql:// or sqlite://{got}")
    try:
        return make_url(f"{driver}://{rest}")
    except ArgumentError as exc:
        raise DatabaseUrlError("DATABASE_URL is not a valid database URL") from exc
