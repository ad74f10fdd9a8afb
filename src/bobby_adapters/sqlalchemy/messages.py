"""Inbound and outbound messages, keyed for idempotency by the provider's message id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bobby_adapters.sqlalchemy.tables import MessageRow
from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import DeliveryStatus, Direction, Message, MessageId, UserId


class SqlAlchemyMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, message: Message) -> None:
        try:
            # A savepoint, so that the caller can read the copy that won a duplicate-delivery race.
            async with self._s.begin_nested():
                await self._s.execute(insert(MessageRow).values(**_values(message)))
        except IntegrityError as exc:
            raise ConcurrentUpdateError("duplicate provider message id") from exc

    async def get_by_provider_id(self, provider_message_id: str) -> Message | None:
        rows = await self._rows(select(MessageRow)
                                .where(MessageRow.provider_message_id == provider_message_id))
        return rows[0] if rows else None

    async def replies_to(self, message_id: str) -> list[Message]:
        return await self._rows(select(MessageRow).where(
            MessageRow.in_reply_to == message_id,
            MessageRow.direction == Direction.OUTBOUND.value).order_by(MessageRow.seq))

    async def update_status(self, provider_message_id: str, status: DeliveryStatus,
                            error_code: str | None) -> bool:
        result = await self._s.execute(
            update(MessageRow).where(MessageRow.provider_message_id == provider_message_id)
            .values(status=status.value, error_code=error_code)
            .execution_options(synchronize_session=False))
        return bool(getattr(result, "rowcount", 0))

    async def set_provider_id(self, message_id: str, provider_message_id: str) -> None:
        await self._s.execute(
            update(MessageRow).where(MessageRow.id == message_id)
            .values(provider_message_id=provider_message_id)
            .execution_options(synchronize_session=False))

    async def record_usage(self, message_id: str, prompt_tokens: int,
                           completion_tokens: int) -> None:
        await self._s.execute(
            update(MessageRow).where(MessageRow.id == message_id)
            .values(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
            .execution_options(synchronize_session=False))

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
            "completion_tokens": message.completion_tokens}


def _message(row: MessageRow) -> Message:
    return Message(
        id=MessageId(row.id), user_id=UserId(row.user_id), direction=Direction(row.direction),
        body=row.body, created_at=row.created_at, provider_message_id=row.provider_message_id,
        status=DeliveryStatus(row.status), media_url=row.media_url,
        in_reply_to=MessageId(row.in_reply_to) if row.in_reply_to is not None else None,
        error_code=row.error_code, prompt_tokens=row.prompt_tokens,
        completion_tokens=row.completion_tokens)
