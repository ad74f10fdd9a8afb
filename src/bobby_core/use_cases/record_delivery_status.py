"""Record a provider's delivery report against the outbound message it is about.

A message that carries an approved template and is reported failed because WhatsApp's 24-hour
window had closed (providers often say so only in the report, after taking the message) goes
back to the outbox, marked to go as its template: the deliverer sends it once more that way."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bobby_core.errors import ExternalServiceError
from bobby_core.model import SEND_INTERRUPTED, WINDOW_CLOSED, DeliveryStatus, Direction, Message
from bobby_core.ports import Clock, TaskQueue, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("bobby.outbox")

# Reports can arrive out of order (a late "sent" after "delivered"); a status never moves back.
_RANK = {
    DeliveryStatus.RECEIVED: 0,
    DeliveryStatus.QUEUED: 1,
    DeliveryStatus.SENDING: 1,
    DeliveryStatus.SENT: 2,
    DeliveryStatus.DELIVERED: 3,
    DeliveryStatus.READ: 4,
    DeliveryStatus.UNDELIVERED: 5,
    DeliveryStatus.FAILED: 5,
}
# The provider had it after all: a send the sweep failed as interrupted (its process died
# before the answer was recorded) is put right by a receipt that it went out.
_WENT_OUT = {DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ}


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDeliveryStatusCommand:
    provider_message_id: str
    status: DeliveryStatus
    error_code: str | None = None
    reference: str | None = None
    """Our id of the message, when the callback URL carried it (matches even a lost SID)."""
    window_closed: bool = False
    """The failure is WhatsApp's closed 24-hour window (only a template may go now)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDeliveryStatusResult:
    known: bool
    updated: bool


class RecordDeliveryStatus:
    """Store the newest delivery status of a message we sent; reports about unknown messages
    are acknowledged and dropped, and an older status never overwrites a newer one."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, queue: TaskQueue) -> None:
        self._uow, self._clock, self._queue = uow, clock, queue

    async def execute(self, cmd: RecordDeliveryStatusCommand) -> RecordDeliveryStatusResult:
        async with self._uow() as uow:
            message = await _find(uow, cmd)
            if message is None:
                return RecordDeliveryStatusResult(known=False, updated=False)
            if _goes_as_template(message, cmd):
                await uow.outbox.set_status(message.id, DeliveryStatus.QUEUED,
                                            at=self._clock.now(), error_code=WINDOW_CLOSED)
                await uow.commit()
                await self._redeliver(message)
                return RecordDeliveryStatusResult(known=True, updated=True)
            late = _corrects_interruption(message, cmd.status)
            if (_RANK[cmd.status] < _RANK[message.status] and message.provider_message_id
                    and not late):
                return RecordDeliveryStatusResult(known=True, updated=False)
            status = (cmd.status if late or _RANK[cmd.status] >= _RANK[message.status]
                      else message.status)
            await uow.outbox.set_status(message.id, status, at=self._clock.now(),
                                        provider_message_id=cmd.provider_message_id,
                                        error_code=cmd.error_code)
            await uow.commit()
            return RecordDeliveryStatusResult(known=True, updated=True)


    async def _redeliver(self, message: Message) -> None:
        try:
            await self._queue.defer_delivery(message.user_id)
        except ExternalServiceError as exc:
            log.warning("could not queue a template's delivery (%s); the sweep will", exc.service)


def _goes_as_template(message: Message, cmd: RecordDeliveryStatusCommand) -> bool:
    """A window refusal of a message with a template, not already sent again as it."""
    return (cmd.window_closed and cmd.status is DeliveryStatus.FAILED
            and message.template is not None and message.error_code != WINDOW_CLOSED
            and message.status is not DeliveryStatus.QUEUED)


def _corrects_interruption(message: Message, status: DeliveryStatus) -> bool:
    return (message.status is DeliveryStatus.FAILED and message.error_code == SEND_INTERRUPTED
            and status in _WENT_OUT)


async def _find(uow: UnitOfWork, cmd: RecordDeliveryStatusCommand) -> Message | None:
    message = await uow.transcript.get_by_provider_id(cmd.provider_message_id)
    if message is None and cmd.reference:
        message = await uow.transcript.get(cmd.reference)
    if message is None or message.direction is not Direction.OUTBOUND:
        return None
    return message
