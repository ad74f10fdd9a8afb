"""Counts for the operator's metrics, read straight from the tables (no user data)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bobby_adapters.sqlalchemy.tables import MessageRow
from bobby_core.errors import ExternalServiceError
from bobby_core.model import DeliveryStatus, Direction


async def queue_depth(engine: AsyncEngine) -> dict[str, int]:
    """Inbound messages whose turn has not run, and replies queued or being sent."""
    waiting = (select(func.count()).select_from(MessageRow)
               .where(MessageRow.direction == Direction.INBOUND.value,
                      MessageRow.handled_at.is_(None)))
    unsent = (select(func.count()).select_from(MessageRow)
              .where(MessageRow.direction == Direction.OUTBOUND.value,
                     MessageRow.status.in_([DeliveryStatus.QUEUED.value,
                                            DeliveryStatus.SENDING.value])))
    try:
        async with engine.connect() as conn:
            return {"inbound_waiting": int((await conn.execute(waiting)).scalar_one()),
                    "outbound_unsent": int((await conn.execute(unsent)).scalar_one())}
    except SQLAlchemyError as exc:
        raise ExternalServiceError("database", type(exc).__name__) from exc
