"""Request and response models at the HTTP edge. Twilio's field names are kept as aliases."""

from __future__ import annotations

import re
from typing import Literal

from litestar.exceptions import ValidationException
from pydantic import BaseModel, ConfigDict, Field

from bobby_core.model import Channel, DeliveryStatus
from bobby_core.use_cases.read_chat import ReadChatResult
from bobby_core.use_cases.receive_message import ReceiveMessageCommand, ReceiveMessageResult
from bobby_core.use_cases.record_delivery_status import RecordDeliveryStatusCommand
from bobby_core.use_cases.run_flow_step import RunFlowStepCommand, RunFlowStepResult

# Provider ids are printable ASCII; a control character in one is not Twilio (and PostgreSQL
# cannot store a NUL), so it is a 400 rather than a row that fails to write.
PROVIDER_ID = r"^[!-~]+$"
NO_CONTROLS = r"^[^\x00-\x1f\x7f]*$"
MAX_TEXT = 4096  # WhatsApp's own limit; Twilio caps inbound bodies lower (1,600)
# The web chat plays a fictional user, so it may only use numbers reserved for fiction, which
# no real person can have: North America's NPA-555-0100..0199, the UK's Ofcom drama range
# 07700 900000..900999, and the Australian mobile numbers ACMA lists for creative works.
FICTIONAL_PHONE = (
    r"^(?:\+1[2-9]\d{2}55501\d{2}"
    r"|\+447700900\d{3}"
    r"|\+61491570(?:006|110|156|157|158|159|313|737))$"
)


class TwilioMessageIn(BaseModel):
    """An inbound WhatsApp message as Twilio posts it; fields we do not use are ignored."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    sender: str = Field(alias="From", min_length=1, max_length=64)
    body: str = Field(default="", alias="Body", max_length=MAX_TEXT)
    message_sid: str = Field(alias="MessageSid", min_length=1, max_length=64, pattern=PROVIDER_ID)
    wa_id: str | None = Field(default=None, alias="WaId", max_length=64, pattern=NO_CONTROLS)
    profile_name: str | None = Field(default=None, alias="ProfileName", max_length=256)
    num_media: int = Field(default=0, alias="NumMedia", ge=0, le=10)
    media_url: str | None = Field(default=None, alias="MediaUrl0", max_length=2048,
                                  pattern=NO_CONTROLS)
    button_payload: str | None = Field(default=None, alias="ButtonPayload", max_length=256)

    def to_command(self) -> ReceiveMessageCommand:
        # A quick-reply tap sends its title as Body and its id as ButtonPayload; the title is
        # what the flows understand, the payload is the fallback when Body is empty.
        text = self.body if self.body.strip() else (self.button_payload or "")
        return ReceiveMessageCommand(
            sender=self.sender, text=text, provider_message_id=self.message_sid,
            provider_user_id=self.wa_id, profile_name=self.profile_name,
            media_url=self.media_url if self.num_media > 0 else None)


TWILIO_OUTSIDE_WINDOW = "63016"
TwilioStatus = Literal["queued", "accepted", "scheduled", "sending", "sent", "delivered", "read",
                       "failed", "undelivered", "canceled", "partially_delivered", "receiving",
                       "received"]
_STATUS: dict[str, DeliveryStatus] = {
    "queued": DeliveryStatus.QUEUED, "accepted": DeliveryStatus.QUEUED,
    "scheduled": DeliveryStatus.QUEUED, "sending": DeliveryStatus.QUEUED,
    "sent": DeliveryStatus.SENT, "delivered": DeliveryStatus.DELIVERED,
    "partially_delivered": DeliveryStatus.DELIVERED, "read": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED, "canceled": DeliveryStatus.FAILED,
    "undelivered": DeliveryStatus.UNDELIVERED, "receiving": DeliveryStatus.RECEIVED,
    "received": DeliveryStatus.RECEIVED,
}


class TwilioStatusIn(BaseModel):
    """A delivery status callback for a message we sent through the REST API."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    message_sid: str = Field(alias="MessageSid", min_length=1, max_length=64, pattern=PROVIDER_ID)
    message_status: TwilioStatus = Field(alias="MessageStatus")
    error_code: str | None = Field(default=None, alias="ErrorCode", max_length=16,
                                   pattern=NO_CONTROLS)

    def to_command(self, reference: str | None = None) -> RecordDeliveryStatusCommand:
        return RecordDeliveryStatusCommand(
            provider_message_id=self.message_sid, status=_STATUS[self.message_status],
            error_code=self.error_code or None, reference=reference or None,
            window_closed=self.error_code == TWILIO_OUTSIDE_WINDOW)


class StudioStepIn(BaseModel):
    """Studio's request: whose step it is and what they answered (empty: ask the step)."""

    model_config = ConfigDict(extra="ignore")

    phone: str = Field(min_length=1, max_length=64, examples=["whatsapp:+447700900123"])
    text: str = Field(default="", max_length=MAX_TEXT)

    def to_command(self, flow: str, step: str) -> RunFlowStepCommand:
        return RunFlowStepCommand(phone=self.phone, flow_id=flow, step_id=step, text=self.text)


class StudioStepOut(BaseModel):
    """Scalars at the top (Studio reads `parsed.<field>`); `parts` also lists the reply cut
    into messages of at most 1,600 characters, for a flow that sends them one by one."""

    reply: str
    parts: list[str]
    part_count: int
    image_url: str
    done: bool
    flow: str
    step: str
    next_flow: str
    next_step: str
    flow_done: bool
    crisis: bool
    consent_required: bool

    @classmethod
    def of(cls, flow: str, step: str, result: RunFlowStepResult) -> StudioStepOut:
        return cls(reply="\n\n".join(result.replies), parts=list(result.replies),
                   part_count=len(result.replies), image_url=result.image_url or "",
                   done=result.step_done, flow=flow, step=step,
                   next_flow=result.next_flow or "", next_step=result.next_step or "",
                   flow_done=result.flow_done, crisis=result.crisis,
                   consent_required=result.consent_required)


class ChatMessageIn(BaseModel):
    phone: str = Field(pattern=FICTIONAL_PHONE, examples=["+15555550142", "+447700900123"],
                       description="a fictional number chosen by the page: +1 NPA-555-01XX, "
                                   "UK +44 7700 900XXX or an ACMA-listed Australian one")
    text: str = Field(min_length=1, max_length=MAX_TEXT)

    def to_command(self) -> ReceiveMessageCommand:
        return ReceiveMessageCommand(sender=self.phone, text=self.text, channel=Channel.WEB)

    @staticmethod
    def check_phone(phone: str) -> None:
        """The page only ever speaks for a fictional number; anything else is a 400."""
        if not re.fullmatch(FICTIONAL_PHONE, phone):
            raise ValidationException("phone must be a fictional number (+1 NPA-555-01XX, "
                                      "+44 7700 900XXX, or an ACMA-listed +61 491 570 XXX)")


class ChatMessageOut(BaseModel):
    message_id: str

    @classmethod
    def of(cls, result: ReceiveMessageResult) -> ChatMessageOut:
        return cls(message_id=result.message_id)


class ChatLineOut(BaseModel):
    id: str
    direction: str
    body: str
    media_url: str | None = None


class ChatHistoryOut(BaseModel):
    messages: list[ChatLineOut]

    @classmethod
    def of(cls, result: ReadChatResult) -> ChatHistoryOut:
        return cls(messages=[ChatLineOut(id=m.id, direction=m.direction.value, body=m.body,
                                         media_url=m.media_url) for m in result.messages])


class HealthOut(BaseModel):
    status: str


class ReadyOut(BaseModel):
    status: str
    database: str


class BillingEventOut(BaseModel):
    """What we answer a payment provider: the event id and whether it was applied, a duplicate
    or ignored."""

    id: str
    outcome: str
