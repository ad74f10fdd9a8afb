"""Send one due reminder: as text inside WhatsApp's 24-hour window, as the approved template
outside it, or not at all (recorded as skipped, with the reason). The template goes with the
reminder whenever one is set, so that the deliverer can still use it if the window closes
before the text gets through.

The reminder becomes an outbox row in the same transaction that marks it sent, and that mark
is conditional on the row still being pending: of two workers running the same reminder, one
records it and the other finds nothing to do. Delivery (retries, backoff, the provider's error
code, never twice) is then the outbox's (`DeliverReplies`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bobby_core.engine.system_texts import SystemTexts
from bobby_core.engine.templates import render
from bobby_core.errors import ExternalServiceError
from bobby_core.model import (
    Channel,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    MessageTemplate,
    Reminder,
    ReminderKind,
    ReminderStatus,
    User,
)
from bobby_core.ports import Clock, IdGenerator, TaskQueue, UnitOfWorkFactory
from bobby_core.use_cases.deliver_replies import WINDOW

log = logging.getLogger("bobby.reminders")

EARLY_TOLERANCE = timedelta(seconds=5)
MAX_LATENESS = timedelta(days=1)
"""A reminder found this late (the server was down at its time) is skipped, not sent: a nudge
a day late is noise. A shorter delay sends it once, on restart."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SendReminderCommand:
    reminder_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SendReminderResult:
    status: ReminderStatus | None
    """What became of it (None: it had been settled already, or is not due yet)."""
    reason: str | None = None


class SendReminder:
    """Turn one due, pending reminder into an outbox message, or record why it was not sent."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator, queue: TaskQueue,
                 *, titles: dict[str, str], texts: SystemTexts,
                 template: MessageTemplate | None) -> None:
        self._uow, self._clock, self._ids, self._queue = uow, clock, ids, queue
        self._titles, self._texts = titles, texts
        self._template = template

    async def execute(self, cmd: SendReminderCommand) -> SendReminderResult:
        now = self._clock.now()
        async with self._uow() as uow:
            reminder = await uow.reminders.get(cmd.reminder_id)
            if reminder is None or reminder.status is not ReminderStatus.PENDING:
                return SendReminderResult(status=None)
            early = reminder.due_at - now > EARLY_TOLERANCE
            if not early:
                user = await uow.users.get(reminder.user_id)
                last_inbound = await uow.inbox.last_received_at(reminder.user_id)
                settled, message = self._decide(reminder, user, last_inbound, now)
                if not await uow.reminders.settle(settled):
                    return SendReminderResult(status=None)
                if message is not None:
                    await uow.outbox.add([message])
                await uow.commit()
        if early:
            # Ran ahead of its time (clocks differ between processes): wait for it.
            await self._queue.schedule_reminder(reminder.user_id, reminder.kind, reminder.id,
                                                reminder.due_at)
            return SendReminderResult(status=None)
        if message is None:
            log.info("reminder %s skipped (%s)", settled.id, settled.reason)
            return SendReminderResult(status=settled.status, reason=settled.reason)
        try:
            await self._queue.defer_delivery(settled.user_id)
        except ExternalServiceError as exc:
            log.warning("could not queue a reminder's delivery (%s); the sweep will", exc.service)
        return SendReminderResult(status=settled.status, reason=settled.reason)

    def _decide(self, reminder: Reminder, user: User | None, last_inbound: datetime | None,
                now: datetime) -> tuple[Reminder, Message | None]:
        def skip(reason: str) -> tuple[Reminder, None]:
            return replace(reminder, status=ReminderStatus.SKIPPED, reason=reason,
                           settled_at=now), None

        if user is None:
            return skip("user gone")
        if user.opted_out:
            return skip("opted out")
        if not user.may_store:
            return skip("no consent")
        if now - reminder.due_at > MAX_LATENESS:
            return skip("more than a day late")
        if last_inbound is None:
            # Only the web chat or the terminal so far: there is no WhatsApp chat to write to.
            return skip("never wrote on WhatsApp")
        inside = now - last_inbound < WINDOW
        if not inside and self._template is None:
            return skip("outside the 24h window, no template configured")
        template = (replace(self._template, variables=self._variables(reminder, user))
                    if self._template is not None else None)
        message = Message(
            id=MessageId(self._ids.new_id()), user_id=user.id, direction=Direction.OUTBOUND,
            body=self._text(reminder, user), created_at=now, status=DeliveryStatus.QUEUED,
            channel=Channel.WHATSAPP, template=template)
        return replace(reminder, status=ReminderStatus.SENT, settled_at=now,
                       message_id=message.id, reason="text" if inside else "template"), message

    def _title(self, reminder: Reminder) -> str:
        return self._titles.get(reminder.flow_id or "", self._texts.reminder_some_exercise)

    def _variables(self, reminder: Reminder, user: User) -> dict[str, str]:
        """The template's {{1}} (first name) and {{2}} (what the nudge is about)."""
        return {"1": user.first_name or self._texts.template_name_unknown,
                "2": self._topic(reminder)}

    def _topic(self, reminder: Reminder) -> str:
        if reminder.kind == ReminderKind.BOUNDARIES_DAY:
            return render(self._texts.template_boundaries_day, {"day": reminder.note})
        return self._title(reminder)

    def _text(self, reminder: Reminder, user: User) -> str:
        texts = self._texts
        values = {"hello": texts.hello_to(user.first_name), "day": reminder.note,
                  "exercise": self._title(reminder)}
        if reminder.kind == ReminderKind.BOUNDARIES_DAY:
            return render(texts.reminder_boundaries_day, values)
        if reminder.kind == ReminderKind.NUDGE:
            return render(texts.reminder_nudge, values)
        return render(texts.reminder_custom, values)
