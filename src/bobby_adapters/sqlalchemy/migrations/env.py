"""Alembic environment. Migrations run through `bobby db upgrade`, which hands us a connection."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from bobby_adapters.sqlalchemy.migrate import include_name
from bobby_adapters.sqlalchemy.tables import Base, UtcDateTime


def _render_item(kind: str, item: Any, autogen: AutogenContext) -> str | Literal[False]:
    # Revisions must not import our models (they change later), so write the stored type.
    if kind == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `bobby db upgrade`; this environment needs a connection")

# Batch mode lets later revisions alter tables on SQLite, which has little ALTER TABLE.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True, render_item=_render_item, include_name=include_name)
with context.begin_transaction():
    context.run_migrations()
