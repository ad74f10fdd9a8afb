"""Record a provider's delivery report against the outbound message it is about."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.model import DeliveryStatus, Direction, Message
from bobby_core.ports import Clock, UnitOfWork, UnitOfWorkFactory

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


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDeliveryStatusCommand:
    provider_message_id: str
    status: DeliveryStatus
    error_code: str | None = None
    reference: str | None = None
    """Our id of the message, when the callback URL carried it (matches even a lost SID)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDeliveryStatusResult:
    known: bool
    updated: bool


class RecordDeliveryStatus:
    """Store the newest delivery status of a message we sent; reports about unknown messages
    are acknowledged and dropped, and an older status never overwrites a newer one."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def execute(self, cmd: RecordDeliveryStatusCommand) -> RecordDeliveryStatusResult:
        async with self._uow() as uow:
            message = await _find(uow, cmd)
            if message is None:
                return RecordDeliveryStatusResult(known=False, updated=False)
            if _RANK[cmd.status] < _RANK[message.status] and message.provider_message_id:
                return RecordDeliveryStatusResult(known=True, updated=False)
            status = cmd.status if _RANK[cmd.status] >= _RANK[message.status] else message.status
            await uow.outbox.set_status(message.id, status, at=self._clock.now(),
                                        provider_message_id=cmd.provider_message_id,
                                        error_code=cmd.error_code)
            await uow.commit()
            return RecordDeliveryStatusResult(known=True, updated=True)


async def _find(uow: UnitOfWork, cmd: RecordDeliveryStatusCommand) -> Message | None:
    message = await uow.transcript.get_by_provider_id(cmd.provider_message_id)
    if message is None and cmd.reference:
        message = await uow.transcript.get(cmd.reference)
    if message is None or message.direction is not Direction.OUTBOUND:
        return None
    return message
