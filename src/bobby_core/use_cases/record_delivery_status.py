"""Record a provider's delivery report against the outbound message it is about."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.model import DeliveryStatus
from bobby_core.ports import UnitOfWorkFactory

# Reports can arrive out of order (a late "sent" after "delivered"); a status never moves back.
_RANK = {
    DeliveryStatus.RECEIVED: 0,
    DeliveryStatus.QUEUED: 1,
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


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordDeliveryStatusResult:
    known: bool
    updated: bool


class RecordDeliveryStatus:
    """Store the newest delivery status of a message we sent; reports about unknown messages
    are acknowledged and dropped, and an older status never overwrites a newer one."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, cmd: RecordDeliveryStatusCommand) -> RecordDeliveryStatusResult:
        async with self._uow() as uow:
            message = await uow.messages.get_by_provider_id(cmd.provider_message_id)
            if message is None:
                return RecordDeliveryStatusResult(known=False, updated=False)
            if _RANK[cmd.status] < _RANK[message.status]:
                return RecordDeliveryStatusResult(known=True, updated=False)
            await uow.messages.update_status(cmd.provider_message_id, cmd.status, cmd.error_code)
            await uow.commit()
            return RecordDeliveryStatusResult(known=True, updated=True)
