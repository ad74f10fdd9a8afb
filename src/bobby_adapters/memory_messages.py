"""In-memory inbox, outbox and transcript: three views of the store's one table of messages
(part of `memory.InMemoryStore`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import (
    SEND_INTERRUPTED,
    Channel,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    UserId,
)
from bobby_core.ports.messages import StatusChange


class _Messages:
    def __init__(self, data: Any) -> None:
        self._d = data  # the unit of work swaps the store's tables, so look them up each time

    @property
    def _rows(self) -> dict[str, Message]:
        rows: dict[str, Message] = self._d.messages
        return rows

    def _insert(self, message: Message) -> None:
        pid = message.provider_message_id
        if pid is not None and _by_provider_id(self._rows, pid) is not None:
            raise ConcurrentUpdateError("duplicate provider message id")
        self._rows[message.id] = message


def _by_provider_id(rows: dict[str, Message], provider_message_id: str) -> Message | None:
    return next((m for m in rows.values() if m.provider_message_id == provider_message_id), None)


class InMemoryInbox(_Messages):
    async def add(self, messages: Sequence[Message]) -> set[MessageId]:
        stored: set[MessageId] = set()
        for message in messages:
            try:
                self._insert(message)
            except ConcurrentUpdateError:
                continue
            stored.add(message.id)
        return stored

    async def next_waiting(self, user_id: UserId) -> Message | None:
        return next((m for m in self._rows.values() if m.user_id == user_id
                     and m.direction is Direction.INBOUND and m.handled_at is None), None)

    async def mark_handled(self, message_id: str, at: datetime) -> None:
        row = self._rows.get(message_id)
        if row is None or row.handled_at is not None:
            raise ConcurrentUpdateError("turn already ran")
        self._rows[message_id] = replace(row, handled_at=at)

    async def count_attempt(self, message_id: str) -> int:
        row = self._rows[message_id]
        self._rows[message_id] = replace(row, attempts=row.attempts + 1)
        return row.attempts + 1

    async def redact(self, message_id: str) -> None:
        row = self._rows[message_id]
        self._rows[message_id] = replace(row, body="", media_url=None)

    async def record_usage(self, message_id: str, prompt_tokens: int,
                           completion_tokens: int) -> None:
        row = self._rows[message_id]
        self._rows[message_id] = replace(row, prompt_tokens=prompt_tokens,
                                         completion_tokens=completion_tokens)

    async def users_waiting(self, before: datetime) -> list[UserId]:
        return list(dict.fromkeys(m.user_id for m in self._rows.values()
                                  if m.direction is Direction.INBOUND and m.handled_at is None
                                  and m.created_at < before))

    async def last_received_at(self, user_id: UserId) -> datetime | None:
        return max((m.created_at for m in self._rows.values() if m.user_id == user_id
                    and m.direction is Direction.INBOUND and m.channel is Channel.WHATSAPP),
                   default=None)

    async def last_channel(self, user_id: UserId) -> Channel | None:
        mine = [m for m in self._rows.values()
                if m.user_id == user_id and m.direction is Direction.INBOUND]
        return mine[-1].channel if mine else None


class InMemoryOutbox(_Messages):
    async def add(self, messages: Sequence[Message]) -> None:
        for message in messages:
            self._insert(message)

    async def busy(self, user_id: UserId) -> bool:
        return any(m.user_id == user_id and m.direction is Direction.OUTBOUND
                   and m.status in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)
                   for m in self._rows.values())

    async def claim(self, user_id: UserId, at: datetime, limit: int, *,
                    addressed: bool = False) -> list[Message]:
        waiting = [m for m in self._rows.values() if m.user_id == user_id
                   and m.direction is Direction.OUTBOUND and m.status is DeliveryStatus.QUEUED
                   and (m.address is not None or not addressed)][:limit]
        claimed = [replace(m, status=DeliveryStatus.SENDING, attempts=m.attempts + 1,
                           handled_at=at) for m in waiting]
        for message in claimed:
            self._rows[message.id] = message
        return claimed

    async def set_status(self, message_id: str, status: DeliveryStatus, *, at: datetime,
                         provider_message_id: str | None = None,
                         error_code: str | None = None) -> None:
        row = self._rows[message_id]
        attempts = row.attempts + (1 if status is DeliveryStatus.SENDING else 0)
        self._rows[message_id] = replace(
            row, status=status, attempts=attempts, error_code=error_code,
            provider_message_id=provider_message_id or row.provider_message_id,
            # When the status last changed: an interrupted send is recognised by its age.
            handled_at=at)

    async def set_statuses(self, changes: Sequence[StatusChange]) -> None:
        for c in changes:
            await self.set_status(c.message_id, c.status, at=c.at,
                                  provider_message_id=c.provider_message_id,
                                  error_code=c.error_code)
            if c.completed is not None:
                body, media_url = c.completed
                self._rows[c.message_id] = replace(
                    self._rows[c.message_id], body=body, media_url=media_url,
                    chart=None, link=None)

    async def remove(self, message_ids: Sequence[str]) -> None:
        for message_id in message_ids:
            self._rows.pop(message_id, None)

    async def users_unsent(self, before: datetime) -> list[UserId]:
        return list(dict.fromkeys(m.user_id for m in self._rows.values()
                                  if m.direction is Direction.OUTBOUND
                                  and m.status is DeliveryStatus.QUEUED and m.created_at < before))

    async def fail_interrupted(self, before: datetime) -> int:
        stuck = [m for m in self._rows.values() if m.status is DeliveryStatus.SENDING
                 and m.handled_at is not None and m.handled_at < before]
        for m in stuck:
            self._rows[m.id] = replace(m, status=DeliveryStatus.FAILED, error_code=SEND_INTERRUPTED)
        await self.remove([m.id for m in stuck if m.address is not None])
        return len(stuck)


class InMemoryTranscript(_Messages):
    async def get(self, message_id: str) -> Message | None:
        return self._rows.get(message_id)

    async def get_by_provider_id(self, provider_message_id: str) -> Message | None:
        return _by_provider_id(self._rows, provider_message_id)

    async def list_for_user(self, user_id: UserId) -> list[Message]:
        # dicts keep insertion order, which is creation order here
        return [m for m in self._rows.values() if m.user_id == user_id]
