"""Repository and unit-of-work ports. Everything stored goes through one unit of work per turn."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from bobby_core.model import (
    ConversationState,
    ExerciseResult,
    Feedback,
    Reminder,
    SafetyEvent,
    User,
    UserId,
)
from bobby_core.ports.billing import MailingSyncRepository, SubscriptionRepository
from bobby_core.ports.messages import Inbox, Outbox, Transcript
from bobby_core.ports.privacy import ErasureRepository, PersonalDataRepository
from bobby_core.safety.guard_events import GuardEvent


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

    async def get_by_provider_ids(self, provider_user_ids: Collection[str]) -> dict[str, User]:
        """The users with these messaging-provider user ids, by that id (ids of no user are
        left out)."""
        ...

    async def add(self, user: User) -> None:
        """Insert a new user; neither the phone nor the provider's user id may be taken
        (ConcurrentUpdateError)."""
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


class ExerciseResultRepository(Protocol):
    async def add(self, result: ExerciseResult) -> None:
        """Store one finished or abandoned exercise."""
        ...

    async def list_for_flows(self, user_id: UserId, flow_ids: Collection[str]) -> list[ExerciseResult]:
        """Return the user's results of these flows, oldest first (what a turn's snapshot needs)."""
        ...


class SafetyEventRepository(Protocol):
    async def add(self, event: SafetyEvent) -> None:
        """Record that a crisis signal was detected."""
        ...


class FeedbackRepository(Protocol):
    async def add(self, feedback: Feedback) -> None:
        """Store one piece of free-text feedback."""
        ...


class ProcessedEventRepository(Protocol):
    async def mark_processed(self, source: str, event_id: str) -> bool:
        """Remember a provider event; return False when it had been processed already."""
        ...

    async def was_processed(self, source: str, event_id: str) -> bool:
        """Whether the event is remembered already (a look that marks nothing)."""
        ...


class ReminderRepository(Protocol):
    async def replace_pending(self, reminder: Reminder) -> None:
        """Store a pending reminder; one of the same user and kind still pending is cancelled."""
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

    async def of_user(self, user_id: UserId, limit: int) -> list[Reminder]:
        """The user's latest `limit` reminders, newest created first (what a turn tells the
        user about when they opt out or back in)."""
        ...

    async def overdue(self, before: datetime) -> list[Reminder]:
        """Pending reminders due before `before`, oldest first (their job was lost or failed)."""
        ...

    async def recent(self, limit: int) -> list[Reminder]:
        """The latest reminders of every user, newest due first (the operator's view)."""
        ...


class GuardEventRepository(Protocol):
    async def add(self, event: GuardEvent) -> None:
        """Record one reply-guard decision (kind, action, flow, step; never the text)."""
        ...


class UnitOfWork(Protocol):
    @property
    def users(self) -> UserRepository: ...
    @property
    def conversations(self) -> ConversationRepository: ...
    @property
    def inbox(self) -> Inbox: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def transcript(self) -> Transcript: ...
    @property
    def results(self) -> ExerciseResultRepository: ...
    @property
    def safety_events(self) -> SafetyEventRepository: ...
    @property
    def guard_events(self) -> GuardEventRepository: ...
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
