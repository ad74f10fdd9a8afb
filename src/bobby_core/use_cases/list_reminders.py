"""The operator's view of reminders: due, sent, skipped, failed. No message text and no phone
numbers: a user is shown by the start of their (random) id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bobby_core.model import DeliveryStatus
from bobby_core.ports import UnitOfWorkFactory

FAILED = {DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderLine:
    due_at: datetime
    kind: str
    status: str
    """pending, sent, delivered, read, failed, skipped or cancelled."""
    user: str
    reason: str = ""
    error_code: str = ""
    """The provider's code when the send failed (63016: outside the window...)."""


class ListReminders:
    """The latest reminders with what became of them, newest due first."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, limit: int = 50) -> list[ReminderLine]:
        lines: list[ReminderLine] = []
        async with self._uow() as uow:
            for reminder in await uow.reminders.recent(limit):
                status, error = reminder.status.value, ""
                if reminder.message_id is not None:
                    message = await uow.transcript.get(reminder.message_id)
                    if message is not None and message.status is not DeliveryStatus.QUEUED:
                        status = "failed" if message.status in FAILED else message.status.value
                        error = message.error_code or ""
                lines.append(ReminderLine(
                    due_at=reminder.due_at, kind=reminder.kind, status=status,
                    user=reminder.user_id[:8], reason=reminder.reason or "", error_code=error))
        return lines
