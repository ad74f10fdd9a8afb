"""The message ports, split by what their callers need: the inbox (what the users wrote, until
its turn has run), the outbox (our replies, until they are sent) and the transcript (any stored
message, read back). All three are views of one store of messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bobby_core.model import Channel, DeliveryStatus, Message, MessageId, UserId


class Inbox(Protocol):
    async def add(self, messages: Sequence[Message]) -> set[MessageId]:
        """Store inbound messages, in this order, except those whose provider id is stored
        already (or comes twice here); return the ids of those stored. The insert itself
        decides, so two copies of one message at once are safe."""
        ...

    async def next_waiting(self, user_id: UserId) -> Message | None:
        """Return the user's oldest inbound message whose turn has not run yet, or None."""
        ...

    async def mark_handled(self, message_id: str, at: datetime) -> None:
        """Record that this inbound message's turn ran; raise ConcurrentUpdateError if it had."""
        ...

    async def count_attempt(self, message_id: str) -> int:
        """Add one to the message's attempts and return the new count."""
        ...

    async def redact(self, message_id: str) -> None:
        """Blank the text and media of a message (kept only until its turn had run)."""
        ...

    async def record_usage(self, message_id: str, prompt_tokens: int,
                           completion_tokens: int) -> None:
        """Store the model tokens the turn started by this inbound message used."""
        ...

    async def users_waiting(self, before: datetime) -> list[UserId]:
        """Users with an inbound message older than `before` whose turn has not run."""
        ...

    async def last_received_at(self, user_id: UserId) -> datetime | None:
        """When the user's latest WhatsApp message arrived (the 24-hour window), or None."""
        ...

    async def last_channel(self, user_id: UserId) -> Channel | None:
        """Where the user's latest message came from (where a reply nobody asked for goes:
        an idle exercise's close), or None."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange:
    """One outbound message moved to `status` at `at` (with the provider's id or error)."""

    message_id: str
    status: DeliveryStatus
    at: datetime
    provider_message_id: str | None = None
    error_code: str | None = None
    completed: tuple[str, str | None] | None = None
    """The text and media the reply went with, once its chart and link were made (they
    replace the stored ones, and nothing is left to make)."""


class Outbox(Protocol):
    async def add(self, messages: Sequence[Message]) -> None:
        """Store outbound messages of ours (no provider id yet), in this order."""
        ...

    async def busy(self, user_id: UserId) -> bool:
        """Whether any of the user's outbound messages waits to be sent or is being sent."""
        ...

    async def claim(self, user_id: UserId, at: datetime, limit: int, *,
                    addressed: bool = False) -> list[Message]:
        """Move up to `limit` of the user's outbound messages still waiting to be sent to
        SENDING (one attempt more, at `at`) and return them oldest first; a message another
        sender claimed first is not returned. `addressed`: only those carrying their address
        (the farewell of an erased user)."""
        ...

    async def set_status(self, message_id: str, status: DeliveryStatus, *, at: datetime,
                         provider_message_id: str | None = None,
                         error_code: str | None = None) -> None:
        """Move an outbound message of ours to `status` at `at` (with the provider's id or
        error); moving to SENDING counts one attempt."""
        ...

    async def set_statuses(self, changes: Sequence[StatusChange]) -> None:
        """`set_status` for several messages at once (with the text they were completed with)."""
        ...

    async def remove(self, message_ids: Sequence[str]) -> None:
        """Delete these messages of ours (an erased user's farewell, once it was sent)."""
        ...

    async def users_unsent(self, before: datetime) -> list[UserId]:
        """Users with an outbound message older than `before` still waiting to be sent."""
        ...

    async def fail_interrupted(self, before: datetime) -> int:
        """Mark sends handed over before `before` and never answered as failed; return how
        many (a process died mid-send: resending could deliver a message twice). A farewell
        among them (a message with an address: its user was erased) is removed instead."""
        ...


class Transcript(Protocol):
    async def get(self, message_id: str) -> Message | None:
        """Return the message, inbound or outbound, with this id of ours, or None."""
        ...

    async def get_by_provider_id(self, provider_message_id: str) -> Message | None:
        """Return the message, inbound or outbound, carrying this provider id, or None."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[Message]:
        """Return all the user's messages, oldest first."""
        ...
