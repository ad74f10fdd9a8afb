"""Entities and value objects of the domain. Transitions return new objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, NewType

from bobby_core.charts import Chart
from bobby_core.errors import InvalidPhoneError

UserId = NewType("UserId", str)
MessageId = NewType("MessageId", str)
ResultId = NewType("ResultId", str)

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")

JsonValue = Any  # values stored in flow variables are JSON-serialisable (str, int, float, bool, list, dict)


def normalise_phone(raw: str) -> str:
    """Turn `whatsapp:+44 7700 900123` or `447700900123` into `+447700900123`, or raise."""
    text = raw.strip()
    if text.lower().startswith("whatsapp:"):
        text = text[len("whatsapp:") :]
    digits = re.sub(r"[\s().-]", "", text)
    if not digits.startswith("+"):
        digits = "+" + digits
    if not _E164.match(digits):
        raise InvalidPhoneError(raw)
    return digits


class ConsentStatus(StrEnum):
    UNASKED = "unasked"
    ASKED = "asked"
    GIVEN = "given"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipient:
    """Where a WhatsApp message goes: the user's E.164 phone, their id at the messaging
    provider, or both (a user who hides their number behind a username has no phone)."""

    phone: str | None = None
    provider_user_id: str | None = None

    @property
    def address(self) -> str:
        """One string naming them: the phone when known, else the provider's user id."""
        return self.phone or self.provider_user_id or ""

    @classmethod
    def of_address(cls, address: str) -> Recipient:
        """The recipient an `address` names (a phone, or else the provider's user id)."""
        if _E164.match(address):
            return cls(phone=address)
        return cls(provider_user_id=address or None)


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """A person who writes to Bobby, keyed by the messaging provider's id for them
    (`provider_user_id`) or, where there is none (the web chat, the terminal, Studio), by the
    phone; at least one of the two is always set."""

    id: UserId
    phone: str | None = None
    provider_user_id: str | None = None
    profile_name: str | None = None
    consent: ConsentStatus = ConsentStatus.UNASKED
    opted_out: bool = False
    time_zone: str = "UTC"
    created_at: datetime
    told_english_only: bool = False
    """Bobby has said once that it speaks English only (to a user who wrote another language)."""
    stop_notice_at: datetime | None = None
    """When an opted-out user was last told that messages are stopped (once a day at most)."""

    @property
    def may_store(self) -> bool:
        return self.consent is ConsentStatus.GIVEN

    @property
    def recipient(self) -> Recipient:
        return Recipient(phone=self.phone, provider_user_id=self.provider_user_id)

    def with_consent(self, status: ConsentStatus) -> User:
        return replace(self, consent=status)

    def opt_out(self) -> User:
        return replace(self, opted_out=True)

    def opt_in(self) -> User:
        return replace(self, opted_out=False, stop_notice_at=None)

    @property
    def first_name(self) -> str | None:
        """The first word of the WhatsApp profile name, when there is one."""
        words = (self.profile_name or "").split()
        return words[0] if words else None


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenUsage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(prompt_tokens=self.prompt_tokens + other.prompt_tokens,
                          completion_tokens=self.completion_tokens + other.completion_tokens)


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatTurn:
    role: Role
    content: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Frame:
    """Where one flow stands: a sub-flow pushes a frame, its End pops it."""

    flow_id: str
    version: int
    step_id: str
    rephrased: bool = False
    """The waiting question was already put in other words (to "I don't know") once."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationState:
    """Per-user state, saved after every turn. An empty stack means the user is at the menu."""

    user_id: UserId
    stack: tuple[Frame, ...] = ()
    variables: dict[str, JsonValue] = field(default_factory=dict)
    llm_history: tuple[ChatTurn, ...] = ()
    started_at: datetime | None = None
    last_activity_at: datetime | None = None
    version: int = 0
    paused_at: datetime | None = None
    """Set when an exercise sat idle past the timeout: it was recorded as abandoned then, but
    the stack is kept so that the user may carry on where they left off."""
    held_text: str | None = None
    """The first message after such a pause, kept while the user is asked whether to carry on
    (it is fed to the waiting step if they do)."""
    result_saved: bool = False
    """The running exercise has stored its finished result (leaving it now records nothing)."""
    after_consent: str | None = None
    """The exercise a first message asked for (a deep link), started once the user consents."""
    usage: TokenUsage = field(default_factory=TokenUsage)
    """Model tokens the running exercise has used so far (stored with its result)."""
    checked_in_at: datetime | None = None
    """When the user last got the gentle check-in (a warning sign short of a crisis): it is
    sent at most once in a while, so that a low mood talked about does not get it every turn."""

    @property
    def active(self) -> bool:
        return bool(self.stack)

    @property
    def top(self) -> Frame | None:
        return self.stack[-1] if self.stack else None

    @property
    def root(self) -> Frame | None:
        return self.stack[0] if self.stack else None

    def idle(self, now: datetime) -> ConversationState:
        return replace(self, stack=(), variables={}, llm_history=(), started_at=None,
                       last_activity_at=now, paused_at=None, held_text=None,
                       result_saved=False, after_consent=None, usage=TokenUsage())

    def fresh(self, stack: tuple[Frame, ...], variables: dict[str, JsonValue],
              now: datetime) -> ConversationState:
        """A new exercise on `stack`, with nothing of the one before (nor its bookkeeping)."""
        return replace(self.idle(now), stack=stack, variables=variables, started_at=now,
                       last_activity_at=self.last_activity_at)


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Channel(StrEnum):
    """Where a message came from and where its replies go."""

    WHATSAPP = "whatsapp"
    WEB = "web"
    """The dev web chat: replies are read back by the page, nothing is sent."""
    TERMINAL = "terminal"
    """`bobby chat`: replies are printed by the command, nothing is sent."""
    STEP_API = "step_api"
    """An outside flow that runs one step per call (a hosted flow builder): the call's answer
    carries the replies, and the caller sends them."""


class DeliveryStatus(StrEnum):
    RECEIVED = "received"
    QUEUED = "queued"
    SENDING = "sending"
    """Handed to the provider, answer not yet recorded (a crash here is never resent)."""
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    UNDELIVERED = "undelivered"


SEND_INTERRUPTED = "interrupted"
"""The error of a send whose process died before the provider's answer was recorded."""
WINDOW_CLOSED = "window_closed"
"""The error of a reply put back in the outbox to go as its template: the provider reported
that WhatsApp's 24-hour window had closed when its text arrived."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    id: MessageId
    user_id: UserId
    direction: Direction
    body: str
    created_at: datetime
    provider_message_id: str | None = None
    status: DeliveryStatus = DeliveryStatus.RECEIVED
    media_url: str | None = None
    in_reply_to: MessageId | None = None
    error_code: str | None = None
    # Model tokens the turn this inbound message started used (zero when offline or outbound).
    prompt_tokens: int = 0
    completion_tokens: int = 0
    channel: Channel = Channel.WHATSAPP
    handled_at: datetime | None = None
    """Inbound: when its turn ran (None: it waits in the inbox)."""
    attempts: int = 0
    """Inbound: turns tried while the model was down; outbound: sends tried."""
    template: MessageTemplate | None = None
    """Outbound: the approved template this message goes as when WhatsApp's 24-hour window is
    closed (the body goes while it is open)."""
    chart: Chart | None = None
    """Outbound, until it is sent: a chart to draw and store; its URL becomes the media."""
    link: PaymentLink | None = None
    """Outbound, until it is sent: a payment link to open; it fills the body's `{link}`."""
    address: str | None = None
    """Outbound: where it goes when its user is gone (the farewell after an erasure, removed
    once it is sent)."""


class ResultStatus(StrEnum):
    FINISHED = "finished"
    ABANDONED = "abandoned"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExerciseResult:
    """One row per finished or abandoned exercise, queryable for analytics."""

    id: ResultId
    user_id: UserId
    flow_id: str
    flow_version: int
    status: ResultStatus
    started_at: datetime
    ended_at: datetime
    fields: dict[str, JsonValue] = field(default_factory=dict)
    feel_after: int | None = None
    abandoned_at_step: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LayerVerdict:
    """What one screening layer said about one message: never the text, only the verdict.

    `layer` names the screener ("offline-rules", "openai-moderation", "model-risk-check");
    `failed` is true when the layer could not answer (the others' verdict then stood)."""

    layer: str
    flagged: bool
    categories: tuple[str, ...] = ()
    score: float | None = None
    failed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SafetyEvent:
    id: str
    user_id: UserId
    created_at: datetime
    categories: tuple[str, ...]
    screener: str
    flow_id: str | None = None
    step_id: str | None = None
    verdicts: tuple[LayerVerdict, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Feedback:
    id: str
    user_id: UserId
    created_at: datetime
    kind: str
    text: str
    flow_id: str | None = None


class ReminderStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    """Put in the outbox (its message row says whether the provider took it)."""
    CANCELLED = "cancelled"
    SKIPPED = "skipped"
    """Not attempted, for the reason recorded (no template outside the window, too late...)."""


class ReminderKind(StrEnum):
    CUSTOM = "custom"
    """The 1-7 day reminder offered after an exercise."""
    BOUNDARIES_DAY = "boundaries_day"
    """"Day N of the Boundaries journey is ready", the morning after a finished day."""
    NUDGE = "nudge"
    """The optional periodic nudge to users who have not chatted for a while."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Reminder:
    """A nudge the user asked for; recorded with the turn that asked, sent later by a worker."""

    id: str
    user_id: UserId
    kind: str
    due_at: datetime
    created_at: datetime
    status: ReminderStatus = ReminderStatus.PENDING
    flow_id: str | None = None
    """The exercise it is about (named in the message)."""
    note: str | None = None
    """A short fact the message needs (the Boundaries day that is ready)."""
    settled_at: datetime | None = None
    reason: str | None = None
    """Why it was skipped or cancelled (never message text)."""
    message_id: MessageId | None = None
    """The outbox row it became once sent (its status and error code tell how it went)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageTemplate:
    """An approved WhatsApp template, by the name or id the provider knows it by (and its
    language, where the provider asks for one), with its numbered variables."""

    name: str
    language: str | None = None
    variables: dict[str, str] = field(default_factory=dict)


class LinkKind(StrEnum):
    CHECKOUT = "checkout"
    """Where a user without access pays."""
    PORTAL = "portal"
    """Where a paying customer manages or cancels their plan."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentLink:
    """A payment page the edge opens at the provider after the turn is committed; the reply's
    `{link}` becomes its address, or the whole reply becomes `unavailable` when none can be made."""

    kind: LinkKind
    user_id: UserId
    customer_id: str | None = None
    """Whose plan a portal manages."""
    unavailable: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboundText:
    """One message the engine wants the user to receive. A chart or a payment link is work for
    the edge: it is carried out once, after the turn's commit, before the message is sent."""

    body: str
    media_url: str | None = None
    chart: Chart | None = None
    link: PaymentLink | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboundMessage:
    """One recorded reply on its way to the provider (the outbox row, as the Messenger sees it).

    `reference` is our id of the outbound row: adapters may pass it to the provider (a status
    callback URL) so that a delivery report can be matched even if the provider's id was lost."""

    reference: MessageId
    to: Recipient
    body: str
    media_url: str | None = None
    template: MessageTemplate | None = None
    """Send this template (name and variables) instead of the body and media."""
