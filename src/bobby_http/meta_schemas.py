"""Meta's WhatsApp Cloud API webhook payloads (the `messages` field), as typed models.

One notification may carry several entries, changes, messages and statuses, and a status may
come without `contacts`: every one is read (pywa 4.5 reads only the first message and fails on
such a status, so it is not used here; see README). Fields we do not use are ignored; the
identity fields are optional, since a user who adopted a username may come without a phone
number (`wa_id`, `from`) and older payloads come without a business-scoped user id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bobby_core.model import DeliveryStatus
from bobby_core.use_cases.follow_identity_change import FollowIdentityChangeCommand
from bobby_core.use_cases.receive_message import ReceiveMessageCommand
from bobby_core.use_cases.record_delivery_status import RecordDeliveryStatusCommand
from bobby_http.schemas import MAX_TEXT, NO_CONTROLS, PROVIDER_ID

MEDIA = ("image", "audio", "video", "document", "sticker")
"""Kinds of message whose content is a media file: Bobby keeps the media id, reads the caption."""
ID = Field(min_length=1, max_length=256, pattern=PROVIDER_ID)
OUTSIDE_WINDOW = 131047
"""Meta's error for a message outside WhatsApp's 24-hour window (re-engagement)."""


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class ProfileIn(_In):
    name: str | None = Field(default=None, max_length=256)


class ContactIn(_In):
    wa_id: str | None = Field(default=None, max_length=64, pattern=NO_CONTROLS)
    user_id: str | None = Field(default=None, max_length=256, pattern=PROVIDER_ID)
    profile: ProfileIn | None = None


class TextIn(_In):
    body: str = Field(default="", max_length=MAX_TEXT)


class MediaIn(_In):
    id: str = ID
    caption: str | None = Field(default=None, max_length=MAX_TEXT)


class ReplyIn(_In):
    id: str | None = Field(default=None, max_length=256)
    title: str = Field(default="", max_length=MAX_TEXT)


class InteractiveIn(_In):
    type: str = ""
    button_reply: ReplyIn | None = None
    list_reply: ReplyIn | None = None


class ButtonIn(_In):
    """A tap on a template's quick-reply button."""

    text: str = Field(default="", max_length=MAX_TEXT)
    payload: str | None = Field(default=None, max_length=256)


class SystemIn(_In):
    """A change of the user's identity (`user_changed_number`, `user_changed_user_id`)."""

    type: str = ""
    wa_id: str | None = Field(default=None, max_length=64, pattern=NO_CONTROLS)
    user_id: str | None = Field(default=None, max_length=256, pattern=PROVIDER_ID)
    previous_user_id: str | None = Field(default=None, max_length=256, pattern=PROVIDER_ID)


class MessageIn(_In):
    sender: str | None = Field(default=None, alias="from", max_length=64, pattern=NO_CONTROLS)
    from_user_id: str | None = Field(default=None, max_length=256, pattern=PROVIDER_ID)
    id: str = ID
    type: str = "unknown"
    text: TextIn | None = None
    interactive: InteractiveIn | None = None
    button: ButtonIn | None = None
    image: MediaIn | None = None
    audio: MediaIn | None = None
    video: MediaIn | None = None
    document: MediaIn | None = None
    sticker: MediaIn | None = None
    system: SystemIn | None = None

    def media(self) -> MediaIn | None:
        return getattr(self, self.type, None) if self.type in MEDIA else None

    def words(self) -> str:
        """What the user said: the text, a tapped button's or list row's title (what the flows
        understand), a media caption; "" for anything else."""
        if self.text is not None:
            return self.text.body
        if self.interactive is not None:
            reply = self.interactive.button_reply or self.interactive.list_reply
            return reply.title if reply is not None else ""
        if self.button is not None:
            return self.button.text or self.button.payload or ""
        media = self.media()
        return (media.caption or "") if media is not None else ""

    @property
    def readable(self) -> bool:
        """A message a turn answers; reactions and unknown kinds are only recorded."""
        return self.type in {"text", "interactive", "button", *MEDIA}


class StatusErrorIn(_In):
    code: int | None = None


STATUS: dict[str, DeliveryStatus] = {
    "sent": DeliveryStatus.SENT, "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ, "failed": DeliveryStatus.FAILED,
}


class StatusIn(_In):
    id: str = ID
    status: str = Field(max_length=32)
    recipient_id: str | None = Field(default=None, max_length=64)
    recipient_user_id: str | None = Field(default=None, max_length=256)
    errors: list[StatusErrorIn] = Field(default_factory=list)


class ValueIn(_In):
    contacts: list[ContactIn] = Field(default_factory=list)
    messages: list[MessageIn] = Field(default_factory=list)
    statuses: list[StatusIn] = Field(default_factory=list)


class ChangeIn(_In):
    field: str
    value: ValueIn


class EntryIn(_In):
    id: str = ""
    changes: list[ChangeIn] = Field(default_factory=list)


class MetaNotificationIn(_In):
    """One webhook notification: every entry, change, message and status in it."""

    object: Literal["whatsapp_business_account"]
    entry: list[EntryIn] = Field(default_factory=list)

    def _values(self) -> Iterator[ValueIn]:
        for entry in self.entry:
            for change in entry.changes:
                if change.field == "messages":
                    yield change.value

    def identity_changes(self) -> list[FollowIdentityChangeCommand]:
        return [_identity_change(m) for v in self._values() for m in v.messages
                if m.type == "system" and m.system is not None]

    def messages(self) -> list[ReceiveMessageCommand]:
        return [_message(m, v.contacts) for v in self._values() for m in v.messages
                if m.type != "system"]

    def statuses(self) -> list[RecordDeliveryStatusCommand]:
        return [_status(s) for v in self._values() for s in v.statuses if s.status in STATUS]


def _status(status: StatusIn) -> RecordDeliveryStatusCommand:
    code = status.errors[0].code if status.errors else None
    return RecordDeliveryStatusCommand(
        provider_message_id=status.id, status=STATUS[status.status],
        error_code=str(code) if code else None, window_closed=code == OUTSIDE_WINDOW)


def _phone(wa_id: str | None) -> str | None:
    """The E.164 phone of a WhatsApp id that is a phone number's digits, else None: one odd
    id must not fail the other messages of its notification (Meta would resend them all)."""
    digits = (wa_id or "").lstrip("+")
    return f"+{digits}" if re.fullmatch(r"[1-9]\d{6,14}", digits) else None


def _contact(message: MessageIn, contacts: list[ContactIn]) -> ContactIn | None:
    return next((c for c in contacts
                 if (c.user_id and c.user_id == message.from_user_id)
                 or (c.wa_id and c.wa_id == message.sender)),
                contacts[0] if len(contacts) == 1 else None)


def _message(message: MessageIn, contacts: list[ContactIn]) -> ReceiveMessageCommand:
    contact = _contact(message, contacts)
    wa_id = message.sender or (contact.wa_id if contact else None)
    # The business-scoped user id keys the user; a payload without one (before Meta's
    # rollout) is keyed by the WhatsApp id, as Twilio's WaId is.
    user_id = message.from_user_id or (contact.user_id if contact else None) or wa_id
    media = message.media()
    return ReceiveMessageCommand(
        sender=_phone(wa_id), text=message.words(), provider_message_id=message.id,
        provider_user_id=user_id,
        profile_name=contact.profile.name if contact and contact.profile else None,
        media_url=media.id if media is not None else None, needs_turn=message.readable)


def _identity_change(message: MessageIn) -> FollowIdentityChangeCommand:
    system = message.system
    assert system is not None  # noqa: S101 - only system messages are passed here
    return FollowIdentityChangeCommand(
        previous_phone=_phone(message.sender),
        previous_user_id=system.previous_user_id or message.from_user_id,
        phone=_phone(system.wa_id) if system.type == "user_changed_number" else None,
        provider_user_id=system.user_id)
