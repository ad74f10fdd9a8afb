"""Everything stored about one user, found from the schema itself: export and erasure.

A table refers to a user through a `user_id` column (the users table through its `id`), so a
table added later joins both without a change here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bobby_adapters.sqlalchemy.tables import Base, ErasureRow, MessageRow, UserRow
from bobby_core.model import Direction, UserId
from bobby_core.privacy.model import Erasure


def user_tables() -> list[Table]:
    """Every table with rows that belong to a user, children before the users table."""
    tables = [t for t in Base.metadata.sorted_tables if "user_id" in t.columns]
    return [*reversed(tables), UserRow.__table__]


def _owner(table: Table) -> Any:
    return table.c.id if table.name == UserRow.__tablename__ else table.c.user_id


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


class SqlAlchemyPersonalDataRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def rows_about(self, user_id: UserId) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for table in reversed(user_tables()):
            query = select(table).where(_owner(table) == user_id)
            if "seq" in table.c:
                query = query.order_by(table.c.seq)
            rows = (await self._s.execute(query)).mappings().all()
            if rows:
                found[table.name] = [{k: _json(v) for k, v in row.items()} for row in rows]
        return found

    async def media_of(self, user_id: UserId) -> list[str]:
        urls = await self._s.scalars(
            select(MessageRow.media_url).where(
                MessageRow.user_id == user_id, MessageRow.direction == Direction.OUTBOUND.value,
                MessageRow.media_url.is_not(None)).order_by(MessageRow.seq))
        return list(dict.fromkeys(u for u in urls if u))


async def delete_user_rows(session: AsyncSession, user_id: UserId) -> None:
    """Delete the user's rows from every table that has them, the user's own row last."""
    for table in user_tables():
        await session.execute(delete(table).where(_owner(table) == user_id)
                              .execution_options(synchronize_session=False))


class SqlAlchemyErasureRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, erasure: Erasure) -> None:
        self._s.add(ErasureRow(id=erasure.id, **_values(erasure)))
        await self._s.flush()

    async def unfinished(self, limit: int) -> list[Erasure]:
        rows = await self._s.scalars(select(ErasureRow).where(ErasureRow.completed_at.is_(None))
                                     .order_by(ErasureRow.requested_at).limit(limit)
                                     .execution_options(populate_existing=True))
        return [_erasure(r) for r in rows]

    async def save(self, erasure: Erasure) -> None:
        await self._s.execute(update(ErasureRow).where(ErasureRow.id == erasure.id)
                              .values(**_values(erasure))
                              .execution_options(synchronize_session=False))

    async def recent(self, limit: int) -> list[Erasure]:
        # The admin's page (SqlAlchemyOperatorStats), not the port.
        rows = await self._s.scalars(select(ErasureRow).order_by(ErasureRow.requested_at.desc())
                                     .limit(limit))
        return [_erasure(r) for r in rows]


def _values(erasure: Erasure) -> dict[str, Any]:
    return {"requested_at": erasure.requested_at, "source": erasure.source,
            "pending_media": list(erasure.pending_media), "media_removed": erasure.media_removed,
            "completed_at": erasure.completed_at}


def _erasure(row: ErasureRow) -> Erasure:
    return Erasure(id=row.id, requested_at=row.requested_at, source=row.source,
                   pending_media=tuple(row.pending_media), media_removed=row.media_removed,
                   completed_at=row.completed_at)
