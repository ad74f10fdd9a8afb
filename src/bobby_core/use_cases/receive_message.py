"""The inbox: store an inbound message (once per provider id) and queue its user's turn."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bobby_core.errors import ExternalServiceError
from bobby_core.model import (
    Channel,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    UserId,
    normalise_phone,
)
from bobby_core.ports import Clock, IdGenerator, TaskQueue, UnitOfWorkFactory, ZoneFinder
from bobby_core.text import clean_text
from bobby_core.use_cases.users import ensure_user

log = logging.getLogger("bobby.inbox")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveMessageCommand:
    sender: str
    text: str
    provider_message_id: str | None = None
    provider_user_id: str | None = None
    profile_name: str | None = None
    media_url: str | None = None
    channel: Channel = Channel.WHATSAPP


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveMessageResult:
    user_id: UserId
    message_id: MessageId
    duplicate: bool = False


class ReceiveMessage:
    """Store the message before anything else happens to it, then queue the user's turn; a
    provider retry of the same message id is stored once and queues nothing more."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 queue: TaskQueue, zones: ZoneFinder | None = None) -> None:
        self._uow, self._clock, self._ids, self._queue = uow, clock, ids, queue
        self._zones = zones

    async def execute(self, cmd: ReceiveMessageCommand) -> ReceiveMessageResult:
        phone = normalise_phone(cmd.sender)
        async with self._uow() as uow:
            user = await ensure_user(uow, self._ids, self._clock, phone,
                                     provider_user_id=cmd.provider_user_id,
                                     profile_name=clean_text(cmd.profile_name)
                                     if cmd.profile_name else None,
                                     time_zone=self._zones.zone_for_phone(phone)
                                     if self._zones is not None else None)
            inbound = Message(
                id=MessageId(self._ids.new_id()), user_id=user.id, direction=Direction.INBOUND,
                # Kept until the turn has run; the turn blanks it if the user has not consented.
                body=clean_text(cmd.text).strip(), media_url=cmd.media_url, created_at=self._clock.now(),
                provider_message_id=cmd.provider_message_id, status=DeliveryStatus.RECEIVED,
                channel=cmd.channel)
            added = await uow.messages.add_inbound(inbound)
            await uow.commit()
        if not added:
            known = await self._known(cmd.provider_message_id or "")
            return ReceiveMessageResult(user_id=user.id, message_id=known, duplicate=True)
        try:
            await self._queue.defer_turns(user.id)
        except ExternalServiceError as exc:
            # The message is stored; the inbox sweep queues its turn once the queue is back.
            log.warning("could not queue a turn (%s); the sweep will", exc.service)
        return ReceiveMessageResult(user_id=user.id, message_id=inbound.id)

    async def _known(self, provider_message_id: str) -> MessageId:
        async with self._uow() as uow:
            known = await uow.messages.get_by_provider_id(provider_message_id)
        return known.id if known is not None else MessageId("")
