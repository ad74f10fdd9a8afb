"""Repository and unit-of-work ports. Everything stored goes through one unit of work per turn."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bobby_core.model import (
    ConversationState,
    DeliveryStatus,
    ExerciseResult,
    Feedback,
    Message,
    Reminder,
    SafetyEvent,
    User,
    UserId,
)
from bobby_core.ports.billing import MailingSyncRepository, SubscriptionRepository


class UserRepository(Protocol):
    async def get(self, user_id: UserId) -> User | None:
        """Return the user with this id, or None."""
        ...

    async def get_by_phone(self, phone: str) -> User | None:
        """Return the user whose E.164 phone matches exactly, or None."""
        ...

    async def add(self, user: User) -> None:
        """Insert a new user; the phone must not be taken."""
        ...

    async def save(self, user: User) -> None:
        """Overwrite an existing user's fields."""
        ...

    async def delete(self, user_id: UserId) -> None:
        """Remove the user and everything stored about them."""
        ...


class ConversationRepository(Protocol):
    async def get(self, user_id: UserId) -> ConversationState | None:
        """Return the user's conversation state, or None before their first turn."""
        ...

    async def save(self, state: ConversationState) -> ConversationState:
        """Store the state if its version is the stored one; return it with the version bumped.

        Raise ConcurrentUpdateError when someone saved a newer version in between."""
        ...


class MessageRepository(Protocol):
    async def add(self, message: Message) -> None:
        """Store a message; a duplicate provider message id raises ConcurrentUpdateError."""
        ...

    async def get_by_provider_id(self, provider_message_id: str) -> Message | None:
        """Return the message carrying this provider id, or None."""
        ...

    async def replies_to(self, message_id: str) -> list[Message]:
        """Return the outbound messages sent in reply to an inbound one, oldest first."""
        ...

    async def update_status(
        self, provider_message_id: str, status: DeliveryStatus, error_code: str | None
    ) -> bool:
        """Record a delivery status; return False when no message has this provider id."""
        ...

    async def set_provider_id(self, message_id: str, provider_message_id: str) -> None:
        """Attach the provider's id to an outbound message once the provider accepted it."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[Message]:
        """Return all the user's messages, oldest first."""
        ...

    async def record_usage(self, message_id: str, prompt_tokens: int,
                           completion_tokens: int) -> None:
        """Store the model tokens the turn started by this inbound message used."""
        ...


class ExerciseResultRepository(Protocol):
    async def add(self, result: ExerciseResult) -> None:
        """Store one finished or abandoned exercise."""
        ...

    async def list_for_user(self, user_id: UserId) -> list[ExerciseResult]:
        """Return the user's results, oldest first."""
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

    async def lock_user(self, user_id: UserId) -> None:
        """Hold this user's turn lock until commit or rollback, across processes."""
        ...

    async def commit(self) -> None:
        """Make every change of this unit of work durable; without it, all is rolled back."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """Open a unit of work that rolls back on exit unless committed."""
        ...
