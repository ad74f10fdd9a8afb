"""The messages table behind three ports: the inbox (what the users wrote, stored once per
provider message id, until its turn has run), the outbox (our replies, until they are sent, and
their delivery status) and the transcript (any message, read back)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bobby_adapters.sqlalchemy.tables import MessageRow
from bobby_core.charts import chart_from_json, chart_to_json
from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import (
    SEND_INTERRUPTED,
    Channel,
    DeliveryStatus,
    Direction,
    LinkKind,
    Message,
    MessageId,
    MessageTemplate,
    PaymentLink,
    UserId,
)
from bobby_core.ports.messages import StatusChange

_INBOUND, _OUTBOUND = Direction.INBOUND.value, Direction.OUTBOUND.value
_QUEUED, _SENDING = DeliveryStatus.QUEUED.value, DeliveryStatus.SENDING.value

# The statements of the inbox, the outbox and the transcript are built once, on the table
# itself: they run several times a turn, and building an ORM statement again each time cost
# more CPU than the database round trip it makes.
_M: Table = MessageRow.__table__  # type: ignore[assignment]
_c = _M.c

# The inbox (an insert per dialect: each says ON CONFLICT in its own words).
_ADD = {
    name: dialect_insert(_M).on_conflict_do_nothing(index_elements=["provider_message_id"])
    .returning(_c.id)
    for name, dialect_insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))}
_NEXT_WAITING = (select(_M).where(_c.user_id == bindparam("b_user"), _c.direction == _INBOUND,
                                  _c.handled_at.is_(None)).order_by(_c.seq).limit(1))
_MARK_HANDLED = (update(_M).where(_c.id == bindparam("b_id"), _c.handled_at.is_(None))
                 .values(handled_at=bindparam("b_at")))
_COUNT_ATTEMPT = (update(_M).where(_c.id == bindparam("b_id"))
                  .values(attempts=_c.attempts + 1).returning(_c.attempts))
_REDACT = update(_M).where(_c.id == bindparam("b_id")).values(body="", media_url=None)
_RECORD_USAGE = (update(_M).where(_c.id == bindparam("b_id"))
                 .values(prompt_tokens=bindparam("b_prompt"),
                         completion_tokens=bindparam("b_completion")))

# The outbox.
_INSERT = insert(_M)
_BUSY = select(_c.seq).where(_c.user_id == bindparam("b_user"), _c.direction == _OUTBOUND,
                             _c.status.in_([_QUEUED, _SENDING])).limit(1)
_WAITING_TO_SEND = (select(_M).where(_c.user_id == bindparam("b_user"), _c.direction == _OUTBOUND,
                                     _c.status == _QUEUED).order_by(_c.seq)
                    .limit(bindparam("b_limit")))
_ADDRESSED_TO_SEND = _WAITING_TO_SEND.where(_c.address.is_not(None))
_SET_STATUS = (update(_M).where(_c.id == bindparam("b_id"))
               .values(status=bindparam("b_status"), handled_at=bindparam("b_at"),
                       error_code=bindparam("b_error"),
                       provider_message_id=func.coalesce(bindparam("b_provider_id", type_=String()),
                                                         _c.provider_message_id),
                       attempts=_c.attempts + bindparam("b_attempt")))
_COMPLETE = (update(_M).where(_c.id == bindparam("b_id"))
             .values(body=bindparam("b_body"), media_url=bindparam("b_media"), chart=None,
                     link=None))
_REMOVE = delete(_M).where(_c.id.in_(bindparam("b_ids", expanding=True)))

# The transcript.
_BY_ID = select(_M).where(_c.id == bindparam("b_id"))
_BY_PROVIDER_ID = select(_M).where(_c.provider_message_id == bindparam("b_provider_id"))
_FOR_USER = select(_M).where(_c.user_id == bindparam("b_user")).order_by(_c.seq)


class SqlAlchemyInbox:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self._s = session
        self._add = _ADD["postgresql" if dialect == "postgresql" else "sqlite"]

    async def add(self, messages: Sequence[Message]) -> set[MessageId]:
        # ON CONFLICT DO NOTHING: the unique provider id decides inside the insert, so two
        # copies of one webhook at once store one row and neither fails. One statement for
        # all (SQLAlchemy sends the rows as one multi-row INSERT ... RETURNING).
        if not messages:
            return set()
        rows = await self._s.execute(self._add, [_values(m) for m in messages])
        return {MessageId(r.id) for r in rows}

    async def next_waiting(self, user_id: UserId) -> Message | None:
        rows = await _rows(self._s, _NEXT_WAITING, b_user=user_id)
        return rows[0] if rows else None

    async def mark_handled(self, message_id: str, at: datetime) -> None:
        # Only the first turn to finish may mark it: the condition is the exactly-once check.
        result = await self._s.execute(_MARK_HANDLED, {"b_id": message_id, "b_at": at})
        if getattr(result, "rowcount", 0) != 1:
            raise ConcurrentUpdateError("turn already ran")

    async def count_attempt(self, message_id: str) -> int:
        result = await self._s.execute(_COUNT_ATTEMPT, {"b_id": message_id})
        return int(result.scalar_one())

    async def redact(self, message_id: str) -> None:
        await self._s.execute(_REDACT, {"b_id": message_id})

    async def record_usage(self, message_id: str, prompt_tokens: int,
                           completion_tokens: int) -> None:
        await self._s.execute(_RECORD_USAGE, {"b_id": message_id, "b_prompt": prompt_tokens,
                                              "b_completion": completion_tokens})

    async def users_waiting(self, before: datetime) -> list[UserId]:
        rows = await self._s.execute(
            select(MessageRow.user_id, func.min(MessageRow.seq).label("first"))
            .where(MessageRow.direction == _INBOUND, MessageRow.handled_at.is_(None),
                   MessageRow.created_at < before)
            .group_by(MessageRow.user_id).order_by("first"))
        return [UserId(r.user_id) for r in rows]

    async def last_received_at(self, user_id: UserId) -> datetime | None:
        query = select(func.max(MessageRow.created_at)).where(
            MessageRow.user_id == user_id, MessageRow.direction == Direction.INBOUND.value,
            MessageRow.channel == Channel.WHATSAPP.value)
        latest = (await self._s.execute(query)).scalar()
        if latest is None:
            return None
        # func.max bypasses the column type on SQLite, which hands back naive UTC (or text).
        if isinstance(latest, str):
            latest = datetime.fromisoformat(latest)
        return latest.replace(tzinfo=UTC) if latest.tzinfo is None else latest.astimezone(UTC)

    async def last_channel(self, user_id: UserId) -> Channel | None:
        query = (select(MessageRow.channel)
                 .where(MessageRow.user_id == user_id, MessageRow.direction == _INBOUND)
                 .order_by(MessageRow.seq.desc()).limit(1))
        latest = (await self._s.execute(query)).scalar()
        return Channel(latest) if latest is not None else None


class SqlAlchemyOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, messages: Sequence[Message]) -> None:
        # One statement for a turn's replies (psycopg pipelines an executemany).
        if messages:
            await self._s.execute(_INSERT, [_values(m) for m in messages])

    async def busy(self, user_id: UserId) -> bool:
        return (await self._s.execute(_BUSY, {"b_user": user_id})).first() is not None

    async def claim(self, user_id: UserId, at: datetime, limit: int, *,
                    addressed: bool = False) -> list[Message]:
        waiting = await _rows(self._s, _ADDRESSED_TO_SEND if addressed else _WAITING_TO_SEND,
                              b_user=user_id, b_limit=limit)
        if not waiting:
            return []
        # The status condition makes the claim exclusive: a row another sender moved on first
        # is not returned, so no reply is handed over twice.
        claimed = await self._s.execute(
            update(_M).where(_c.id.in_([m.id for m in waiting]), _c.status == _QUEUED)
            .values(status=_SENDING, attempts=_c.attempts + 1, handled_at=at)
            .returning(_c.id))
        ids = set(claimed.scalars())
        return [replace(m, status=DeliveryStatus.SENDING, attempts=m.attempts + 1,
                        handled_at=at) for m in waiting if m.id in ids]

    async def set_status(self, message_id: str, status: DeliveryStatus, *, at: datetime,
                         provider_message_id: str | None = None,
                         error_code: str | None = None) -> None:
        await self.set_statuses([StatusChange(message_id=message_id, status=status, at=at,
                                              provider_message_id=provider_message_id,
                                              error_code=error_code)])

    async def set_statuses(self, changes: Sequence[StatusChange]) -> None:
        if changes:
            await self._s.execute(_SET_STATUS, [{
                "b_id": c.message_id, "b_status": c.status.value, "b_at": c.at,
                "b_error": c.error_code, "b_provider_id": c.provider_message_id,
                "b_attempt": 1 if c.status is DeliveryStatus.SENDING else 0} for c in changes])
        completed = [{"b_id": c.message_id, "b_body": c.completed[0], "b_media": c.completed[1]}
                     for c in changes if c.completed is not None]
        if completed:
            await self._s.execute(_COMPLETE, completed)

    async def remove(self, message_ids: Sequence[str]) -> None:
        if message_ids:
            await self._s.execute(_REMOVE, {"b_ids": list(message_ids)})

    async def users_unsent(self, before: datetime) -> list[UserId]:
        rows = await self._s.execute(
            select(MessageRow.user_id, func.min(MessageRow.seq).label("first"))
            .where(MessageRow.direction == _OUTBOUND,
                   MessageRow.status == DeliveryStatus.QUEUED.value,
                   MessageRow.created_at < before)
            .group_by(MessageRow.user_id).order_by("first"))
        return [UserId(r.user_id) for r in rows]

    async def fail_interrupted(self, before: datetime) -> int:
        stuck = (MessageRow.direction == _OUTBOUND,
                 MessageRow.status == DeliveryStatus.SENDING.value, MessageRow.handled_at < before)
        farewells = await self._s.execute(
            delete(MessageRow).where(*stuck, MessageRow.address.is_not(None))
            .execution_options(synchronize_session=False))
        result = await self._s.execute(
            update(MessageRow).where(*stuck)
            .values(status=DeliveryStatus.FAILED.value, error_code=SEND_INTERRUPTED)
            .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0) + int(
            getattr(farewells, "rowcount", 0) or 0)


class SqlAlchemyTranscript:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, message_id: str) -> Message | None:
        rows = await _rows(self._s, _BY_ID, b_id=message_id)
        return rows[0] if rows else None

    async def get_by_provider_id(self, provider_message_id: str) -> Message | None:
        rows = await _rows(self._s, _BY_PROVIDER_ID, b_provider_id=provider_message_id)
        return rows[0] if rows else None

    async def list_for_user(self, user_id: UserId) -> list[Message]:
        return await _rows(self._s, _FOR_USER, b_user=user_id)


async def _rows(session: AsyncSession, query: Any, **params: Any) -> list[Message]:
    return [_message(row) for row in await session.execute(query, params)]


def _values(message: Message) -> dict[str, Any]:
    return {"id": message.id, "user_id": message.user_id, "direction": message.direction.value,
            "body": message.body, "created_at": message.created_at,
            "provider_message_id": message.provider_message_id, "status": message.status.value,
            "media_url": message.media_url, "in_reply_to": message.in_reply_to,
            "error_code": message.error_code, "prompt_tokens": message.prompt_tokens,
            "completion_tokens": message.completion_tokens, "channel": message.channel.value,
            "handled_at": message.handled_at, "attempts": message.attempts,
            "template_name": message.template.name if message.template else None,
            "template_language": message.template.language if message.template else None,
            "template_variables": dict(message.template.variables) if message.template else None,
            "chart": chart_to_json(message.chart) if message.chart is not None else None,
            "link": _link_values(message.link), "address": message.address}


def _link_values(link: PaymentLink | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {"kind": link.kind.value, "user_id": link.user_id, "customer_id": link.customer_id,
            "unavailable": link.unavailable}


def _link(values: dict[str, Any] | None) -> PaymentLink | None:
    if not values:
        return None
    return PaymentLink(kind=LinkKind(values["kind"]), user_id=UserId(values["user_id"]),
                       customer_id=values.get("customer_id"),
                       unavailable=str(values.get("unavailable", "")))


def _message(row: Any) -> Message:
    return Message(
        id=MessageId(row.id), user_id=UserId(row.user_id), direction=Direction(row.direction),
        body=row.body, created_at=row.created_at, provider_message_id=row.provider_message_id,
        status=DeliveryStatus(row.status), media_url=row.media_url,
        in_reply_to=MessageId(row.in_reply_to) if row.in_reply_to is not None else None,
        error_code=row.error_code, prompt_tokens=row.prompt_tokens,
        completion_tokens=row.completion_tokens, channel=Channel(row.channel),
        handled_at=row.handled_at, attempts=row.attempts,
        template=MessageTemplate(name=row.template_name, language=row.template_language,
                                 variables=dict(row.template_variables or {}))
        if row.template_name else None,
        chart=chart_from_json(row.chart) if row.chart is not None else None,
        link=_link(row.link), address=row.address)
