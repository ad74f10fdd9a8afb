"""Repository and unit-of-work ports. Everything stored goes through one unit of work per turn."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bobby_core.model import (
    ConversationState,
    DeliveryStatus,
    ExerciseResult,
    Feedback,
    Message,
    MessageId,
    Reminder,
    SafetyEvent,
    User,
    UserId,
)
from bobby_core.ports.billing import MailingSyncRepository, SubscriptionRepository
from bobby_core.ports.privacy import ErasureRepository, PersonalDataRepository


class UserRepository(Protocol):
    async def get(self, user_id: UserId) -> User | None:
        """Return the user with this id, or None."""
        ...

    async def get_by_phone(self, phone: str) -> User | None:
        """Return the user whose E.164 phone matches exactly, or None."""
        ...

    async def get_by_phones(self, phones: Collection[str]) -> dict[str, User]:
        """The users with these E.164 phones, by phone (phones of no user are left out)."""
        ...

    async def add(self, user: User) -> None:
        """Insert a new user; the phone must not be taken."""
        ...

    async def save(self, user: User) -> None:
        """Overwrite an existing user's fields."""
        ...

    async def delete(self, user_id: UserId) -> None:
        """Remove the user and every row that refers to them, in every table; their
        mailing-list contact stays only as a key, to be deleted at the provider."""
        ...

    async def quiet_since(self, since: datetime, nudge_kind: str) -> list[UserId]:
        """Consented, opted-in users who sent no message and were sent no reminder of
        `nudge_kind` since `since` (who a periodic nudge may go to)."""
        ...


class ConversationRepository(Protocol):
    async def get(self, user_id: UserId) -> ConversationState | None:
        """Return the user's conversation state, or None before their first turn."""
        ...

    async def save(self, state: ConversationState) -> ConversationState:
        """Store the state if its version is the stored one; return it with the version bumped.

        Raise ConcurrentUpdateError when someone saved a newer version in between."""
        ...

    async def users_idle(self, before: datetime) -> list[UserId]:
        """Users in an exercise, not yet paused, whose last activity is older than `before`."""
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


class MessageRepository(Protocol):
    async def add(self, message: Message) -> None:
        """Store a message; a duplicate provider message id raises ConcurrentUpdateError."""
        ...

    async def add_replies(self, messages: Sequence[Message]) -> None:
        """Store outbound messages of ours (no provider id yet), in this order."""
        ...

    async def add_inbound(self, messages: Sequence[Message]) -> set[MessageId]:
        """Store inbound messages, in this order, except those whose provider id is stored
        already (or comes twice here); return the ids of those stored. The insert itself
        decides, so two copies of one message at once are safe."""
        ...

    async def get(self, message_id: str) -> Message | None:
        """Return the message with this id of ours, or None."""
        ...

    async def get_by_provider_id(self, provider_message_id: str) -> Message | None:
        """Return the message carrying this provider id, or None."""
        ...

    async def next_inbound(self, user_id: UserId) -> Message | None:
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

    async def outbox_busy(self, user_id: UserId) -> bool:
        """Whether any of the user's outbound messages waits to be sent or is being sent."""
        ...

    async def claim_queued(self, user_id: UserId, at: datetime, limit: int, *,
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
        """`set_status` for several messages at once."""
        ...

    async def users_waiting(self, before: datetime) -> list[UserId]:
        """Users with an inbound message older than `before` whose turn has not run."""
        ...

    async def users_unsent(self, before: datetime) -> list[UserId]:
        """Users with an outbound message older than `before` still waiting to be sent."""
        ...

    async def fail_interrupted(self, before: datetime) -> int:
        """Mark sends handed over before `before` and never answered as failed; return how
        many (a process died mid-send: resending could deliver a message twice). A farewell
        among them (a message with an address: its user was erased) is removed instead."""
        ...

    async def remove(self, message_ids: Sequence[str]) -> None:
        """Delete these messages of ours (an erased user's farewell, once it was sent)."""
        ...

    async def replies_to(self, message_id: str) -> list[Message]:
        """Return the outbound messages sent in reply to an inbound one, oldest first."""
        ...

    async def update_status(
        self, provider_message_id: str, status: DeliveryStatus, error_code: str | None
    ) -> bool:
        """Record a delivery status; return False when no message has this provider id."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[Message]:
        """Return all the user's messages, oldest first."""
        ...

    async def record_usage(self, message_id: str, prompt_tokens: int,
                           completion_tokens: int) -> None:
        """Store the model tokens the turn started by this inbound message used."""
        ...

    async def last_inbound_at(self, user_id: UserId) -> datetime | None:
        """When the user's latest WhatsApp message arrived (the 24-hour window), or None."""
        ...


class ExerciseResultRepository(Protocol):
    async def add(self, result: ExerciseResult) -> None:
        """Store one finished or abandoned exercise."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[ExerciseResult]:
        """Return the user's results, oldest first."""
        ...

    async def list_for_flows(self, user_id: UserId, flow_ids: Collection[str]) -> list[ExerciseResult]:
        """Return the user's results of these flows, oldest first (what a turn's snapshot needs)."""
        ...


class SafetyEventRepository(Protocol):
    async def add(self, event: SafetyEvent) -> None:
        """Record that a crisis signal was detected."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[SafetyEvent]:
        """Return the user's safety events, oldest first."""
        ...


class FeedbackRepository(Protocol):
    async def add(self, feedback: Feedback) -> None:
        """Store one piece of free-text feedback."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[Feedback]:
        """Return the user's feedback, oldest first."""
        ...


class ProcessedEventRepository(Protocol):
    async def mark_processed(self, source: str, event_id: str) -> bool:
        """Remember a provider event; return False when it had been processed already."""
        ...


class ReminderRepository(Protocol):
    async def replace_pending(self, reminder: Reminder) -> None:
        """Store a pending reminder; one of the same user and kind still pending is cancelled."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[Reminder]:
        """Return the user's reminders, oldest first, whatever their status."""
        ...

    async def get(self, reminder_id: str) -> Reminder | None:
        """Return the reminder with this id, or None (its user was erased)."""
        ...

    async def settle(self, reminder: Reminder) -> bool:
        """Store a pending reminder's outcome (status, reason, message, time); return False
        when it was no longer pending (another worker, a cancel or a newer request won)."""
        ...

    async def cancel_pending(self, user_id: UserId, at: datetime, reason: str) -> int:
        """Cancel every pending reminder of the user (opting out); return how many."""
        ...

    async def overdue(self, before: datetime) -> list[Reminder]:
        """Pending reminders due before `before`, oldest first (their job was lost or failed)."""
        ...

    async def recent(self, limit: int) -> list[Reminder]:
        """The latest reminders of every user, newest due first (the operator's view)."""
        ...


class UnitOfWork(Protocol):
    @property
    def users(self) -> UserRepository: ...
    @property
    def conversations(self) -> ConversationRepository: ...
    @property
    def messages(self) -> MessageRepository: ...
    @property
    def results(self) -> ExerciseResultRepository: ...
    @property
    def safety_events(self) -> SafetyEventRepository: ...
    @property
    def feedback(self) -> FeedbackRepository: ...
    @property
    def processed_events(self) -> ProcessedEventRepository: ...
    @property
    def reminders(self) -> ReminderRepository: ...
    @property
    def subscriptions(self) -> SubscriptionRepository: ...
    @property
    def mailing(self) -> MailingSyncRepository: ...
    @property
    def personal_data(self) -> PersonalDataRepository: ...
    @property
    def erasures(self) -> ErasureRepository: ...

    async def commit(self) -> None:
        """Make every change of this unit of work durable; without it, all is rolled back."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """Open a unit of work that rolls back on exit unless committed."""
        ...
