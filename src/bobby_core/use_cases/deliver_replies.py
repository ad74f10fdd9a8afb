"""The outbox: send a user's recorded replies through the Messenger, one at a time, in order.

Each reply is marked SENDING before it is handed over and SENT with the provider's id after, so
a reply is never sent twice: a process that dies in between leaves it SENDING, and the sweep
marks it failed ("interrupted") for the operator instead of risking a second copy."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.model import DeliveryStatus, Message, OutboundMessage, UserId
from bobby_core.ports import Clock, Messenger, TaskQueue, UnitOfWorkFactory

log = logging.getLogger("bobby.outbox")

SEND_RETRY_DELAYS = (timedelta(seconds=2), timedelta(seconds=10), timedelta(seconds=30),
                     timedelta(minutes=2))
"""Backoff between tries of one reply; after the last, it is failed with the provider's code."""
MAX_SENDS_PER_JOB = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliverRepliesCommand:
    user_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliverRepliesResult:
    sent: int = 0
    failed: int = 0
    retry_later: bool = False


class DeliverReplies:
    """Send what waits in the user's outbox; transient refusals are retried with backoff,
    permanent ones are recorded with the provider's error code and the next reply goes on."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, messenger: Messenger,
                 queue: TaskQueue,
                 retry_delays: tuple[timedelta, ...] = SEND_RETRY_DELAYS) -> None:
        self._uow, self._clock, self._messenger, self._queue = uow, clock, messenger, queue
        self._retry_delays = retry_delays

    async def execute(self, cmd: DeliverRepliesCommand) -> DeliverRepliesResult:
        sent = failed = 0
        for _ in range(MAX_SENDS_PER_JOB):
            claimed = await self._claim(cmd.user_id)
            if claimed is None:
                return DeliverRepliesResult(sent=sent, failed=failed)
            message, phone = claimed
            try:
                provider_id = await self._messenger.send(OutboundMessage(
                    reference=message.id, to_phone=phone, body=message.body,
                    media_url=message.media_url, template=message.template))
            except ExternalServiceError as exc:
                code = exc.code if isinstance(exc, DeliveryError) else None
                permanent = isinstance(exc, DeliveryError) and exc.permanent
                if permanent or message.attempts + 1 > len(self._retry_delays):
                    await self._set(message, DeliveryStatus.FAILED, error_code=code or "unsent")
                    log.warning("reply failed for good (code %s)", code)
                    failed += 1
                    continue
                await self._set(message, DeliveryStatus.QUEUED, error_code=code)
                await self._queue.defer_delivery(cmd.user_id, self._retry_delays[message.attempts])
                return DeliverRepliesResult(sent=sent, failed=failed, retry_later=True)
            await self._set(message, DeliveryStatus.SENT, provider_message_id=provider_id)
            sent += 1
        await self._queue.defer_delivery(cmd.user_id)
        return DeliverRepliesResult(sent=sent, failed=failed)

    async def _claim(self, user_id: UserId) -> tuple[Message, str] | None:
        async with self._uow() as uow:
            message = await uow.messages.next_queued(user_id)
            user = await uow.users.get(user_id) if message is not None else None
            if message is None or user is None:
                return None
            await uow.messages.set_status(message.id, DeliveryStatus.SENDING, at=self._clock.now())
            await uow.commit()
        return message, user.phone

    async def _set(self, message: Message, status: DeliveryStatus, *,
                   provider_message_id: str | None = None, error_code: str | None = None) -> None:
        async with self._uow() as uow:
            await uow.messages.set_status(message.id, status, at=self._clock.now(),
                                          provider_message_id=provider_message_id,
                                          error_code=error_code)
            await uow.commit()
