"""Handle one inbound WhatsApp message: store it, run the turn, store and return the replies."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bobby_core.conversation import Conversation, touch
from bobby_core.engine.turn import Turn
from bobby_core.errors import ConcurrentUpdateError, ExternalServiceError
from bobby_core.llm import TokenUsage
from bobby_core.model import (
    ConversationState,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    OutboundText,
    User,
    UserId,
    normalise_phone,
)
from bobby_core.ports import (
    ChartRenderer,
    Clock,
    IdGenerator,
    MediaStorage,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bobby_core.text import split_message

MODEL_DOWN_REPLY = (
    "Sorry, I need a moment to gather my thoughts. Please send your last message again in a "
    "minute or two."
)
TURN_DEADLINE_SECONDS = 12.0
"""Twilio gives a webhook 15 s. A turn (screening, up to three model calls, the database) that
is not done in 12 s is given up and rolled back, leaving 3 s to record and send the kind reply."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HandleInboundMessageCommand:
    sender: str
    text: str
    provider_message_id: str | None = None
    provider_user_id: str | None = None
    profile_name: str | None = None
    media_url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class HandleInboundMessageResult:
    user_id: UserId
    replies: tuple[OutboundText, ...]
    duplicate: bool = False
    model_unavailable: bool = False
    usage: TokenUsage = field(default_factory=TokenUsage)
    """Model tokens this turn used (none for a duplicate or a turn that failed)."""


class HandleInboundMessage:
    """Store the inbound message first, then run one turn under the user's lock; a repeated
    provider message id gets the replies already given, never a second turn."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 conversation: Conversation,
                 storage: MediaStorage | None = None,
                 charts: ChartRenderer | None = None,
                 deadline_seconds: float | None = TURN_DEADLINE_SECONDS) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._deadline = deadline_seconds
        self._conversation = conversation
        self._storage = storage
        self._charts = charts

    async def execute(self, cmd: HandleInboundMessageCommand) -> HandleInboundMessageResult:
        phone = normalise_phone(cmd.sender)
        text = cmd.text.strip()
        user, inbound = await self._record_inbound(phone, text, cmd)
        try:
            async with asyncio.timeout(self._deadline):
                return await self._turn(user.id, inbound, text)
        except (ExternalServiceError, TimeoutError):
            return await self._model_unavailable(user.id)

    async def _record_inbound(self, phone: str, text: str,
                              cmd: HandleInboundMessageCommand) -> tuple[User, Message]:
        async with self._uow() as uow:
            user = await self._user(uow, phone, cmd)
            if cmd.provider_message_id:
                known = await uow.messages.get_by_provider_id(cmd.provider_message_id)
                if known is not None:
                    return user, known
            inbound = Message(
                id=MessageId(self._ids.new_id()), user_id=user.id, direction=Direction.INBOUND,
                # Nothing a user writes is kept before they consent to it.
                body=text if user.may_store else "",
                media_url=cmd.media_url if user.may_store else None,
                created_at=self._clock.now(), provider_message_id=cmd.provider_message_id,
                status=DeliveryStatus.RECEIVED,
            )
            try:
                await uow.messages.add(inbound)
            except ConcurrentUpdateError:
                # The provider delivered this message twice at once and the other copy won.
                won = await uow.messages.get_by_provider_id(cmd.provider_message_id or "")
                if won is None:
                    raise
                return user, won
            await uow.commit()
            return user, inbound

    async def _user(self, uow: UnitOfWork, phone: str, cmd: HandleInboundMessageCommand) -> User:
        user = await uow.users.get_by_phone(phone)
        if user is None:
            user = User(id=UserId(self._ids.new_id()), phone=phone,
                        provider_user_id=cmd.provider_user_id, profile_name=cmd.profile_name,
                        created_at=self._clock.now())
            try:
                await uow.users.add(user)
            except ConcurrentUpdateError:
                # A first message from this phone reached another process at the same moment.
                user = await uow.users.get_by_phone(phone)
                if user is None:
                    raise
        return user

    async def _turn(self, user_id: UserId, inbound: Message,
                    text: str) -> HandleInboundMessageResult:
        async with self._uow() as uow:
            await uow.lock_user(user_id)
            earlier = await uow.messages.replies_to(inbound.id)
            if earlier:
                return HandleInboundMessageResult(
                    user_id=user_id, duplicate=True,
                    replies=tuple(OutboundText(body=m.body, media_url=m.media_url) for m in earlier))
            user = await uow.users.get(user_id)
            if user is None:  # deleted by a turn that ran while this message waited
                return HandleInboundMessageResult(user_id=user_id, replies=())
            state = await uow.conversations.get(user_id) or ConversationState(user_id=user_id)
            turn = Turn(user=user, now=self._clock.now(), uow=uow, ids=self._ids,
                        clock=self._clock, storage=self._storage,
                        charts=self._charts)
            state = await self._conversation.handle(state, text, turn)
            replies = tuple(_split(turn.outbound))
            if not turn.user_deleted:
                await uow.conversations.save(touch(state, turn))
                if turn.usage.total:
                    await uow.messages.record_usage(inbound.id, turn.usage.prompt_tokens,
                                                    turn.usage.completion_tokens)
                await self._record_replies(uow, user_id, inbound.id, replies)
            await uow.commit()
            return HandleInboundMessageResult(user_id=user_id, replies=replies, usage=turn.usage)

    async def _record_replies(self, uow: UnitOfWork, user_id: UserId, inbound_id: MessageId,
                              replies: tuple[OutboundText, ...]) -> None:
        for reply in replies:
            await uow.messages.add(Message(
                id=MessageId(self._ids.new_id()), user_id=user_id, direction=Direction.OUTBOUND,
                body=reply.body, media_url=reply.media_url, created_at=self._clock.now(),
                status=DeliveryStatus.QUEUED, in_reply_to=inbound_id,
            ))

    async def _model_unavailable(self, user_id: UserId) -> HandleInboundMessageResult:
        # The turn rolled back, so the step is unchanged; this reply is recorded but not linked
        # to the inbound message, so a provider retry of the same message runs the turn again.
        async with self._uow() as uow:
            await uow.messages.add(Message(
                id=MessageId(self._ids.new_id()), user_id=user_id, direction=Direction.OUTBOUND,
                body=MODEL_DOWN_REPLY, created_at=self._clock.now(),
                status=DeliveryStatus.QUEUED))
            await uow.commit()
        return HandleInboundMessageResult(
            user_id=user_id, replies=(OutboundText(body=MODEL_DOWN_REPLY),),
            model_unavailable=True)


def _split(outbound: list[OutboundText]) -> list[OutboundText]:
    parts: list[OutboundText] = []
    for message in outbound:
        chunks = split_message(message.body) or [""]
        for index, chunk in enumerate(chunks):
            media = message.media_url if index == 0 else None
            parts.append(OutboundText(body=chunk, media_url=media))
    return parts
