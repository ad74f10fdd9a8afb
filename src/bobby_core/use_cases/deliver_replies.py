"""The outbox: every reply of every channel leaves here, one user's one at a time, in order.

The waiting replies are claimed (SENDING) in one transaction before any is handed over, and
their outcomes (SENT with the provider's id, FAILED with its code, or back to QUEUED for a later
try) are recorded in one more after. Before a reply goes, its vendor work is done (a chart
drawn, a payment link opened: `ReplyArtefacts`) and the completed text and media are recorded
with the outcome. WhatsApp replies are handed to the Messenger; the web chat's and the
terminal's are read back by the page and the command, so delivering them is recording them.

A reply is never sent twice: a process that dies in between leaves its replies SENDING, and the
sweep marks them failed ("interrupted") for the operator instead of risking a second copy. So
recording what was sent is tried again for a while when the database fails right then: a short
outage must not leave replies the user has already received looking interrupted. The farewell
after an erasure (a reply with an `address`: its user is gone) is removed once it is settled.

WhatsApp's 24-hour window: a reply that carries an approved template (a reminder) goes as the
template once the user's last WhatsApp message is older than the window, and as the template
at once if the provider refuses its text because the window has closed (clocks differ; the
provider decides). A reply without one that the provider refuses for that reason fails for
good with the provider's code."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.model import (
    WINDOW_CLOSED,
    Channel,
    DeliveryStatus,
    Message,
    OutboundMessage,
    Recipient,
    UserId,
)
from bobby_core.ports import Clock, Messenger, StatusChange, TaskQueue, UnitOfWorkFactory

log = logging.getLogger("bobby.outbox")

SEND_RETRY_DELAYS = (timedelta(seconds=2), timedelta(seconds=10), timedelta(seconds=30),
                     timedelta(minutes=2))
"""Backoff between tries of one reply; after the last, it is failed with the provider's code."""
RECORD_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
"""Seconds between tries to record what was handed over (about a minute in all)."""
BATCH = 20
"""Replies claimed at once; a turn gives a few, so one batch is usually the whole outbox."""
MAX_BATCHES_PER_JOB = 10
_FINAL = frozenset({DeliveryStatus.SENT, DeliveryStatus.FAILED})
WINDOW = timedelta(hours=24)
"""WhatsApp's customer-service window: free-form messages only within 24 h of the user's last
message; after it, only an approved template."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliverRepliesCommand:
    user_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliverRepliesResult:
    sent: int = 0
    failed: int = 0
    retry_later: bool = False
    delivered: tuple[Message, ...] = field(default=())
    """The replies handed over or read back, as they went (text and media completed)."""

    def __add__(self, other: DeliverRepliesResult) -> DeliverRepliesResult:
        return DeliverRepliesResult(sent=self.sent + other.sent, failed=self.failed + other.failed,
                                    retry_later=self.retry_later or other.retry_later,
                                    delivered=self.delivered + other.delivered)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Outcome:
    message: Message
    status: DeliveryStatus
    provider_message_id: str | None = None
    error_code: str | None = None
    completed: bool = False
    """Its vendor work was done here: the completed text and media are recorded with it."""


class DeliverReplies:
    """Send what waits in the user's outbox; transient refusals are retried with backoff,
    permanent ones are recorded with the provider's error code and the next reply goes on."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, messenger: Messenger,
                 queue: TaskQueue, artefacts: ReplyArtefacts, *,
                 retry_delays: tuple[timedelta, ...] = SEND_RETRY_DELAYS,
                 record_retry_delays: tuple[float, ...] = RECORD_RETRY_DELAYS) -> None:
        self._uow, self._clock, self._messenger, self._queue = uow, clock, messenger, queue
        self._artefacts = artefacts
        self._retry_delays = retry_delays
        self._record_retry_delays = record_retry_delays

    async def execute(self, cmd: DeliverRepliesCommand) -> DeliverRepliesResult:
        done = DeliverRepliesResult()
        for _ in range(MAX_BATCHES_PER_JOB):
            claimed = await self._claim(cmd.user_id)
            if claimed is None:
                return done
            to, batch = claimed
            done += await self.send_claimed(cmd.user_id, to, batch)
            if done.retry_later:
                return done
        await self._queue.defer_delivery(cmd.user_id)
        return done

    async def send_claimed(self, user_id: UserId, to: Recipient,
                           batch: Sequence[Message]) -> DeliverRepliesResult:
        """Send replies already claimed (SENDING) by the caller, record how each went, and
        queue a later try of those a provider refused for now."""
        window_closed = await self._window_closed(user_id, batch)
        outcomes, retry_after = await self._send(to, batch, window_closed)
        await self._record(outcomes)
        done = DeliverRepliesResult(
            sent=sum(o.status is DeliveryStatus.SENT for o in outcomes),
            failed=sum(o.status is DeliveryStatus.FAILED for o in outcomes),
            retry_later=retry_after is not None,
            delivered=tuple(o.message for o in outcomes if o.status is DeliveryStatus.SENT))
        if retry_after is not None:
            await self._queue.defer_delivery(user_id, retry_after)
        return done

    async def _claim(self, user_id: UserId) -> tuple[Recipient, list[Message]] | None:
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
            # A user erased meanwhile has only the farewell left, which carries its address.
            batch = await uow.outbox.claim(user_id, self._clock.now(), BATCH,
                                           addressed=user is None)
            await uow.commit()
        if not batch:
            return None
        return (user.recipient if user is not None else Recipient()), batch

    async def _window_closed(self, user_id: UserId, batch: Sequence[Message]) -> bool:
        """Whether the user's last WhatsApp message is older than the window (asked only when a
        reply has a template to go as instead)."""
        if not any(m.template is not None for m in batch):
            return False
        async with self._uow() as uow:
            last = await uow.inbox.last_received_at(user_id)
        return last is None or self._clock.now() - last >= WINDOW

    async def _hand_over(self, message: Message, to: Recipient, window_closed: bool) -> str:
        """The provider's id of the message sent as text, or as its template when the window is
        closed (or the provider says it is)."""
        outbound = OutboundMessage(
            reference=message.id,
            to=Recipient.of_address(message.address) if message.address else to,
            body=message.body, media_url=message.media_url)
        if message.template is not None and (window_closed
                                             or message.error_code == WINDOW_CLOSED):
            return await self._messenger.send(replace(outbound, template=message.template))
        try:
            return await self._messenger.send(outbound)
        except DeliveryError as refused:
            if message.template is None or not refused.window_closed:
                raise
        log.info("the window had closed: the reply goes as its template")
        return await self._messenger.send(replace(outbound, template=message.template))

    async def _send(self, to: Recipient, batch: Sequence[Message],
                    window_closed: bool) -> tuple[list[_Outcome], timedelta | None]:
        """Hand the replies over in order; stop at the first that should be tried again later
        (it and those after it go back to the queue, so the order holds)."""
        outcomes: list[_Outcome] = []
        for position, claimed in enumerate(batch):
            message = await self._artefacts.complete(claimed)
            completed = message is not claimed
            if message.channel is not Channel.WHATSAPP:
                outcomes.append(_Outcome(message=message, status=DeliveryStatus.SENT,
                                         completed=completed))
                continue
            try:
                provider_id = await self._hand_over(message, to, window_closed)
            except ExternalServiceError as exc:
                code = exc.code if isinstance(exc, DeliveryError) else None
                permanent = isinstance(exc, DeliveryError) and exc.permanent
                if permanent or message.attempts > len(self._retry_delays):
                    log.warning("reply failed for good (code %s)", code)
                    outcomes.append(_Outcome(message=message, status=DeliveryStatus.FAILED,
                                             error_code=code or "unsent", completed=completed))
                    continue
                # Back to the queue: this one completed (a later try reuses its work), the ones
                # after it untouched.
                outcomes.append(_Outcome(message=message, status=DeliveryStatus.QUEUED,
                                         error_code=code, completed=completed))
                outcomes += [_Outcome(message=m, status=DeliveryStatus.QUEUED,
                                      error_code=m.error_code) for m in batch[position + 1:]]
                return outcomes, self._retry_delays[message.attempts - 1]
            outcomes.append(_Outcome(message=message, status=DeliveryStatus.SENT,
                                     provider_message_id=provider_id, completed=completed))
        return outcomes, None

    async def _record(self, outcomes: list[_Outcome]) -> None:
        for delay in self._record_retry_delays:
            try:
                await self._record_once(outcomes)
                return
            except ExternalServiceError as exc:
                log.warning("could not record %d handed-over replies (%s); trying again",
                            len(outcomes), exc.service)
                await asyncio.sleep(delay)
        await self._record_once(outcomes)

    async def _record_once(self, outcomes: list[_Outcome]) -> None:
        now = self._clock.now()
        settled_farewells = [o.message.id for o in outcomes
                             if o.message.address is not None and o.status in _FINAL]
        async with self._uow() as uow:
            await uow.outbox.set_statuses([StatusChange(
                message_id=o.message.id, status=o.status, at=now,
                provider_message_id=o.provider_message_id, error_code=o.error_code,
                completed=(o.message.body, o.message.media_url) if o.completed else None)
                for o in outcomes if o.message.id not in settled_farewells])
            if settled_farewells:
                await uow.outbox.remove(settled_farewells)
            await uow.commit()
