"""Inbound and outbound messages: the inbox, the outbox, keyed for idempotency by the
provider's message id."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bobby_adapters.sqlalchemy.tables import MessageRow
from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import (
    Channel,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    MessageTemplate,
    UserId,
)

_INBOUND, _OUTBOUND = Direction.INBOUND.value, Direction.OUTBOUND.value


class SqlAlchemyMessageRepository:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self._s = session
        self._insert = pg_insert if dialect == "postgresql" else sqlite_insert

    async def add(self, message: Message) -> None:
        if message.provider_message_id is None:
            # Nothing to clash on (our ids are random): no savepoint round trips. Replies are
            # recorded this way, several per turn.
            await self._s.execute(insert(MessageRow).values(**_values(message)))
            return
        try:
            # A savepoint, so that the caller can read the copy that won a duplicate-delivery race.
            async with self._s.begin_nested():
                await self._s.execute(insert(MessageRow).values(**_values(message)))
        except IntegrityError as exc:
            raise ConcurrentUpdateError("duplicate provider message id") from exc

    async def add_inbound(self, message: Message) -> bool:
        # ON CONFLICT DO NOTHING: the unique provider id decides inside the insert, so two
        # copies of one webhook at once store one row and neither fails.
        statement = (self._insert(MessageRow).values(**_values(message))
                     .on_conflict_do_nothing(index_elements=["provider_message_id"])
                     .returning(MessageRow.seq))
        return (await self._s.execute(statement)).first() is not None

    async def get(self, message_id: str) -> Message | None:
        rows = await self._rows(select(MessageRow).where(MessageRow.id == message_id))
        return rows[0] if rows else None

    async def get_by_provider_id(self, provider_message_id: str) -> Message | None:
        rows = await self._rows(select(MessageRow)
                                .where(MessageRow.provider_message_id == provider_message_id))
        return rows[0] if rows else None

    async def replies_to(self, message_id: str) -> list[Message]:
        return await self._rows(select(MessageRow).where(
            MessageRow.in_reply_to == message_id,
            MessageRow.direction == _OUTBOUND).order_by(MessageRow.seq))

    async def next_inbound(self, user_id: UserId) -> Message | None:
        rows = await self._rows(select(MessageRow).where(
            MessageRow.user_id == user_id, MessageRow.direction == _INBOUND,
            MessageRow.handled_at.is_(None)).order_by(MessageRow.seq).limit(1))
        return rows[0] if rows else None

    async def mark_handled(self, message_id: str, at: datetime) -> None:
        # Only the first turn to finish may mark it: the condition is the exactly-once check.
        result = await self._s.execute(
            update(MessageRow).where(MessageRow.id == message_id, MessageRow.handled_at.is_(None))
            .values(handled_at=at).execution_options(synchronize_session=False))
        if getattr(result, "rowcount", 0) != 1:
            raise ConcurrentUpdateError("turn already ran")

    async def count_attempt(self, message_id: str) -> int:
        result = await self._s.execute(
            update(MessageRow).where(MessageRow.id == message_id)
            .values(attempts=MessageRow.attempts + 1).returning(MessageRow.attempts)
            .execution_options(synchronize_session=False))
        return int(result.scalar_one())

    async def redact(self, message_id: str) -> None:
        await self._s.execute(update(MessageRow).where(MessageRow.id == message_id)
                              .values(body="", media_url=None)
                              .execution_options(synchronize_session=False))

    async def claim_queued(self, user_id: UserId, at: datetime, limit: int, *,
                           unless_sending: bool = False) -> list[Message]:
        if unless_sending:
            busy = await self._s.execute(select(MessageRow.seq).where(
                MessageRow.user_id == user_id, MessageRow.direction == _OUTBOUND,
                MessageRow.status == DeliveryStatus.SENDING.value).limit(1))
            if busy.first() is not None:
                return []
        waiting = await self._rows(select(MessageRow).where(
            MessageRow.user_id == user_id, MessageRow.direction == _OUTBOUND,
            MessageRow.status == DeliveryStatus.QUEUED.value).order_by(MessageRow.seq)
            .limit(limit))
        if not waiting:
            return []
        # The status condition makes the claim exclusive: a row another sender moved on first
        # is not returned, so no reply is handed over twice.
        claimed = await self._s.execute(
            update(MessageRow).where(MessageRow.id.in_([m.id for m in waiting]),
                                     MessageRow.status == DeliveryStatus.QUEUED.value)
            .values(status=DeliveryStatus.SENDING.value, attempts=MessageRow.attempts + 1,
                    handled_at=at)
            .returning(MessageRow.id).execution_options(synchronize_session=False))
        ids = set(claimed.scalars())
        return [replace(m, status=DeliveryStatus.SENDING, attempts=m.attempts + 1,
                        handled_at=at) for m in waiting if m.id in ids]

    async def set_status(self, message_id: str, status: DeliveryStatus, *, at: datetime,
                         provider_message_id: str | None = None,
                         error_code: str | None = None) -> None:
        values: dict[str, Any] = {"status": status.value, "handled_at": at,
                                  "error_code": error_code}
        if provider_message_id is not None:
            values["provider_message_id"] = provider_message_id
        if status is DeliveryStatus.SENDING:
            values["attempts"] = MessageRow.attempts + 1
        await self._s.execute(update(MessageRow).where(MessageRow.id == message_id)
                              .values(**values).execution_options(synchronize_session=False))

    async def users_waiting(self, before: datetime) -> list[UserId]:
        rows = await self._s.execute(
            select(MessageRow.user_id, func.min(MessageRow.seq).label("first"))
            .where(MessageRow.direction == _INBOUND, MessageRow.handled_at.is_(None),
                   MessageRow.created_at < before)
            .group_by(MessageRow.user_id).order_by("first"))
        return [UserId(r.user_id) for r in rows]

    async def users_unsent(self, before: datetime) -> list[UserId]:
        rows = await self._s.execute(
            select(MessageRow.user_id, func.min(MessageRow.seq).label("first"))
            .where(MessageRow.direction == _OUTBOUND,
                   MessageRow.status == DeliveryStatus.QUEUED.value,
                   MessageRow.created_at < before)
            .group_by(MessageRow.user_id).order_by("first"))
        return [UserId(r.user_id) for r in rows]

    async def fail_interrupted(self, before: datetime) -> int:
        result = await self._s.execute(
            update(MessageRow).where(MessageRow.direction == _OUTBOUND,
                                     MessageRow.status == DeliveryStatus.SENDING.value,
                                     MessageRow.handled_at < before)
            .values(status=DeliveryStatus.FAILED.value, error_code="interrupted")
            .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    async def update_status(self, provider_message_id: str, status: DeliveryStatus,
                            error_code: str | None) -> bool:
        result = await self._s.execute(
            update(MessageRow).where(MessageRow.provider_message_id == provider_message_id)
            .values(status=status.value, error_code=error_code)
            .execution_options(synchronize_session=False))
        return bool(getattr(result, "rowcount", 0))

    async def record_usage(self, message_id: str, prompt_tokens: int,
                           completion_tokens: int) -> None:
        await self._s.execute(
            update(MessageRow).where(MessageRow.id == message_id)
            .values(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
            .execution_options(synchronize_session=False))

    async def last_inbound_at(self, user_id: UserId) -> datetime | None:
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

    async def list_for_user(self, user_id: UserId) -> list[Message]:
        return await self._rows(select(MessageRow).where(MessageRow.user_id == user_id)
                                .order_by(MessageRow.seq))

    async def _rows(self, query: Any) -> list[Message]:
        rows = await self._s.scalars(query.execution_options(populate_existing=True))
        return [_message(row) for row in rows]


def _values(message: Message) -> dict[str, Any]:
    return {"id": message.id, "user_id": message.user_id, "direction": message.direction.value,
            "body": message.body, "created_at": message.created_at,
            "provider_message_id": message.provider_message_id, "status": message.status.value,
            "media_url": message.media_url, "in_reply_to": message.in_reply_to,
            "error_code": message.error_code, "prompt_tokens": message.prompt_tokens,
            "completion_tokens": message.completion_tokens, "channel": message.channel.value,
            "handled_at": message.handled_at, "attempts": message.attempts,
            "content_sid": message.template.content_sid if message.template else None,
            "content_variables": dict(message.template.variables) if message.template else None}


def _message(row: MessageRow) -> Message:
    return Message(
        id=MessageId(row.id), user_id=UserId(row.user_id), direction=Direction(row.direction),
        body=row.body, created_at=row.created_at, provider_message_id=row.provider_message_id,
        status=DeliveryStatus(row.status), media_url=row.media_url,
        in_reply_to=MessageId(row.in_reply_to) if row.in_reply_to is not None else None,
        error_code=row.error_code, prompt_tokens=row.prompt_tokens,
        completion_tokens=row.completion_tokens, channel=Channel(row.channel),
        handled_at=row.handled_at, attempts=row.attempts,
        template=MessageTemplate(content_sid=row.content_sid,
                                 variables=dict(row.content_variables or {}))
        if row.content_sid else None)
