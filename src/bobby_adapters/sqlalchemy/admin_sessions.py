"""Operator sessions in the `admin_sessions` table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bobby_adapters.sqlalchemy.tables import AdminSessionRow
from bobby_core.errors import ExternalServiceError
from bobby_core.ports.admin import AdminSession

_T: Table = AdminSessionRow.__table__  # type: ignore[assignment]


class SqlAlchemyAdminSessionStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, session: AdminSession) -> None:
        await self._run(insert(_T).values(
            id_hash=session.id_hash, token_tag=session.token_tag,
            created_at=session.created_at, last_seen_at=session.last_seen_at))

    async def get(self, id_hash: str) -> AdminSession | None:
        try:
            async with self._engine.connect() as conn:
                row = (await conn.execute(select(_T).where(_T.c.id_hash == id_hash))).first()
        except SQLAlchemyError as exc:
            raise ExternalServiceError("database", type(exc).__name__) from exc
        if row is None:
            return None
        return AdminSession(id_hash=row.id_hash, token_tag=row.token_tag,
                            created_at=row.created_at, last_seen_at=row.last_seen_at)

    async def touch(self, id_hash: str, at: datetime) -> None:
        await self._run(update(_T).where(_T.c.id_hash == id_hash).values(last_seen_at=at))

    async def remove(self, id_hash: str) -> None:
        await self._run(delete(_T).where(_T.c.id_hash == id_hash))

    async def remove_started_before(self, before: datetime) -> None:
        await self._run(delete(_T).where(_T.c.created_at < before))

    async def _run(self, statement: object) -> None:
        try:
            async with self._engine.begin() as conn:
                await conn.execute(statement)  # type: ignore[call-overload]
        except SQLAlchemyError as exc:
            raise ExternalServiceError("database", type(exc).__name__) from exc
