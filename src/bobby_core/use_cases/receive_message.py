"""The inbox: store an inbound message (once per provider id) and queue its user's turn.

Messages that arrive while the inbox is writing are stored together in its next transaction
(a group commit): each caller still returns only once its own message is stored and its
turn queued, but many webhooks at once share a few database round trips instead of paying
several each. A lone message is written at once, so nothing waits for a batch to fill.

A caller that stops waiting (a bounded webhook, see accept_message) leaves cleanly: a message
not yet in a batch is withdrawn, and a batch being written is finished, holding the writing
lock until it is, so that no later batch can commit before an earlier one."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from bobby_core.errors import ExternalServiceError, InvalidPhoneError
from bobby_core.model import (
    Channel,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    User,
    UserId,
    normalise_phone,
)
from bobby_core.ports import Clock, IdGenerator, TaskQueue, UnitOfWork, UnitOfWorkFactory, ZoneFinder
from bobby_core.text import clean_text
from bobby_core.use_cases.users import ensure_user, identified

log = logging.getLogger("bobby.inbox")

BATCH_LIMIT = 200
"""Messages stored in one transaction at most."""
OUTAGE_AFTER = 2
"""Messages of a failed batch that fail alone as the batch did before the rest are failed too."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveMessageCommand:
    sender: str | None = None
    """The sender's phone, in any form `normalise_phone` reads; None for a user the provider
    knows only by `provider_user_id` (a WhatsApp username without a shared number)."""
    text: str
    provider_message_id: str | None = None
    provider_user_id: str | None = None
    profile_name: str | None = None
    media_url: str | None = None
    channel: Channel = Channel.WHATSAPP
    received_at: datetime | None = None
    """When it reached us, if earlier than now (a message kept in the spool meanwhile)."""
    needs_turn: bool = True
    """False: kept in the transcript only (a reaction, a kind of message Bobby cannot read),
    with no turn and no reply."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveMessageResult:
    user_id: UserId
    message_id: MessageId
    duplicate: bool = False


@dataclass(slots=True)
class _Waiting:
    cmd: ReceiveMessageCommand
    phone: str | None
    done: asyncio.Future[ReceiveMessageResult]

    @property
    def key(self) -> str:
        return self.cmd.provider_user_id or self.phone or ""


def sender_phone(cmd: ReceiveMessageCommand) -> str | None:
    """The sender's E.164 phone, None when only the provider's user id names them; raise
    InvalidPhoneError for a malformed phone or a sender named by neither."""
    if cmd.sender is None:
        if not cmd.provider_user_id:
            raise InvalidPhoneError("")
        return None
    return normalise_phone(cmd.sender)


class ReceiveMessage:
    """Store the message before anything else happens to it, then queue the user's turn; a
    provider retry of the same message id is stored once and queues nothing more."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 queue: TaskQueue, zones: ZoneFinder) -> None:
        self._uow, self._clock, self._ids, self._queue = uow, clock, ids, queue
        self._zones = zones
        self._loop: asyncio.AbstractEventLoop | None = None
        self._writing = asyncio.Lock()
        self._waiting: list[_Waiting] = []

    async def execute(self, cmd: ReceiveMessageCommand) -> ReceiveMessageResult:
        phone = sender_phone(cmd)  # a bad sender fails here, alone
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # A lock and futures belong to one event loop (tests run several, one at a time).
            self._loop, self._writing, self._waiting = loop, asyncio.Lock(), []
        mine = _Waiting(cmd=cmd, phone=phone, done=loop.create_future())
        self._waiting.append(mine)
        try:
            await self._writing.acquire()
        except asyncio.CancelledError:
            self._waiting = [w for w in self._waiting if w is not mine]
            raise
        if mine.done.done():  # another caller's batch took it
            self._writing.release()
        else:
            batch, self._waiting = self._waiting[:BATCH_LIMIT], self._waiting[BATCH_LIMIT:]
            writing = asyncio.ensure_future(self._store_all(batch))
            # Released when the batch is written, not when this caller goes: the others'
            # messages in it are still stored and answered, and nothing overtakes them.
            writing.add_done_callback(lambda _: self._writing.release())
            await asyncio.shield(writing)
        return mine.done.result()

    async def _store_all(self, batch: list[_Waiting]) -> None:
        try:
            results = await self._store(batch)
        except Exception as exc:  # the caller gets the error, whatever it is
            if len(batch) > 1:
                await self._one_by_one(batch, exc)
            else:
                batch[0].done.set_exception(exc)
            return
        for waiting, result in zip(batch, results, strict=True):
            waiting.done.set_result(result)

    async def _one_by_one(self, batch: list[_Waiting], failure: Exception) -> None:
        """One message the database refuses must not fail the others with it: each is tried
        again alone, so only the culprit's webhook gets the error. Two in a row failing as the
        batch did mean the database itself is away: the rest get that error at once, rather
        than each waiting for it in turn."""
        alike = 0
        for position, waiting in enumerate(batch):
            if alike == OUTAGE_AFTER:
                for rest in batch[position:]:
                    rest.done.set_exception(failure)
                return
            await self._store_all([waiting])
            error = waiting.done.exception()
            alike = alike + 1 if error is not None and type(error) is type(failure) else 0

    async def _store(self, batch: list[_Waiting]) -> list[ReceiveMessageResult]:
        async with self._uow() as uow:
            users = await self._users(uow, batch)
            inbound = [self._message(w.cmd, users[w.key]) for w in batch]
            stored = await uow.inbox.add(inbound)
            await uow.commit()
        queued = list(dict.fromkeys(m.user_id for m in inbound
                                    if m.id in stored and m.handled_at is None))
        if queued:
            try:
                await self._queue.defer_turns_many(queued)
            except ExternalServiceError as exc:
                # The messages are stored; the inbox sweep queues their turns once it is back.
                log.warning("could not queue turns (%s); the sweep will", exc.service)
        return [ReceiveMessageResult(user_id=m.user_id, message_id=m.id)
                if m.id in stored else
                ReceiveMessageResult(user_id=m.user_id, duplicate=True,
                                     message_id=await self._known(w.cmd.provider_message_id))
                for w, m in zip(batch, inbound, strict=True)]

    async def _users(self, uow: UnitOfWork, batch: list[_Waiting]) -> dict[str, User]:
        """The batch's users by sender key (provider id, else phone): two lookups for the
        whole batch, then a user for each new sender (and a save for one whose id or phone
        changed)."""
        by_id = await uow.users.get_by_provider_ids(
            list(dict.fromkeys(w.cmd.provider_user_id for w in batch if w.cmd.provider_user_id)))
        by_phone = await uow.users.get_by_phones(
            list(dict.fromkeys(w.phone for w in batch if w.phone)))
        users: dict[str, User] = {}
        for waiting in batch:
            if waiting.key in users:
                continue
            cmd = waiting.cmd
            found = (by_id.get(cmd.provider_user_id) if cmd.provider_user_id else None,
                     by_phone.get(waiting.phone) if waiting.phone else None)
            user = identified(*found, waiting.phone, cmd.provider_user_id)
            if user is not None and user not in found:
                await uow.users.save(user)
            users[waiting.key] = user or await ensure_user(
                uow, self._ids, self._clock, waiting.phone,
                provider_user_id=cmd.provider_user_id,
                profile_name=clean_text(cmd.profile_name) if cmd.profile_name else None,
                zones=self._zones)
        return users

    def _message(self, cmd: ReceiveMessageCommand, user: User) -> Message:
        return Message(
            id=MessageId(self._ids.new_id()), user_id=user.id, direction=Direction.INBOUND,
            # Kept until the turn has run; the turn blanks it if the user has not consented.
            body=clean_text(cmd.text).strip(), media_url=cmd.media_url,
            created_at=cmd.received_at or self._clock.now(),
            provider_message_id=cmd.provider_message_id, status=DeliveryStatus.RECEIVED,
            channel=cmd.channel, handled_at=None if cmd.needs_turn else self._clock.now())

    async def _known(self, provider_message_id: str | None) -> MessageId:
        async with self._uow() as uow:
            known = await uow.transcript.get_by_provider_id(provider_message_id or "")
        return known.id if known is not None else MessageId("")
