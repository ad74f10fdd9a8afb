"""In-memory adapters for every repository port: the whole domain runs without I/O.

A unit of work reads and writes a private copy of the store and applies its changes on commit,
so an exception (or a missing commit) leaves the store as it was, like a database would."""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bobby_adapters.memory_billing import (
    InMemoryMailingSyncRepository,
    InMemorySubscriptionRepository,
)
from bobby_adapters.memory_messages import InMemoryInbox, InMemoryOutbox, InMemoryTranscript
from bobby_adapters.memory_privacy import (
    InMemoryErasureRepository,
    InMemoryPersonalDataRepository,
)
from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import (
    ConversationState,
    Direction,
    ExerciseResult,
    Feedback,
    Message,
    Reminder,
    ReminderStatus,
    SafetyEvent,
    User,
    UserId,
)
from bobby_core.privacy.model import Erasure
from bobby_core.safety.guard_events import GuardEvent
from bobby_core.subscriptions.mailing import MailingEntry
from bobby_core.subscriptions.model import Subscription

TABLES = ("users", "conversations", "messages", "results", "safety_events", "feedback",
          "processed_events", "reminders", "subscriptions", "mailing", "erasures",
          "guard_events")


@dataclass
class InMemoryStore:
    users: dict[str, User] = field(default_factory=dict)
    conversations: dict[str, ConversationState] = field(default_factory=dict)
    messages: dict[str, Message] = field(default_factory=dict)
    results: dict[str, ExerciseResult] = field(default_factory=dict)
    safety_events: dict[str, SafetyEvent] = field(default_factory=dict)
    feedback: dict[str, Feedback] = field(default_factory=dict)
    processed_events: dict[str, bool] = field(default_factory=dict)
    reminders: dict[str, Reminder] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    mailing: dict[str, MailingEntry] = field(default_factory=dict)
    erasures: dict[str, Erasure] = field(default_factory=dict)
    guard_events: dict[str, GuardEvent] = field(default_factory=dict)
    """Keyed by a random id (the record itself has none)."""

    def tables(self) -> dict[str, dict[str, Any]]:
        return {name: getattr(self, name) for name in TABLES}


class InMemoryUserRepository:
    def __init__(self, data: InMemoryStore) -> None:
        self._d = data

    async def get(self, user_id: UserId) -> User | None:
        return self._d.users.get(user_id)

    async def get_by_phone(self, phone: str) -> User | None:
        return next((u for u in self._d.users.values() if u.phone == phone), None)

    async def get_by_phones(self, phones: Collection[str]) -> dict[str, User]:
        wanted = set(phones)
        return {u.phone: u for u in self._d.users.values() if u.phone and u.phone in wanted}

    async def get_by_provider_ids(self, provider_user_ids: Collection[str]) -> dict[str, User]:
        wanted = set(provider_user_ids)
        return {u.provider_user_id: u for u in self._d.users.values()
                if u.provider_user_id and u.provider_user_id in wanted}

    async def add(self, user: User) -> None:
        taken = (user.id in self._d.users
                 or (user.phone and await self.get_by_phone(user.phone) is not None)
                 or (user.provider_user_id
                     and await self.get_by_provider_ids([user.provider_user_id])))
        if taken:
            raise ConcurrentUpdateError("user exists")
        self._d.users[user.id] = user

    async def save(self, user: User) -> None:
        self._d.users[user.id] = user

    async def quiet_since(self, since: datetime, nudge_kind: str) -> list[UserId]:
        spoke = {m.user_id for m in self._d.messages.values()
                 if m.direction is Direction.INBOUND and m.created_at >= since}
        nudged = {r.user_id for r in self._d.reminders.values()
                  if r.kind == nudge_kind and r.created_at >= since}
        return [u.id for u in self._d.users.values()
                if u.may_store and not u.opted_out and u.id not in spoke | nudged]

    async def delete(self, user_id: UserId) -> None:
        self._d.users.pop(user_id, None)
        self._d.conversations.pop(user_id, None)
        await InMemoryMailingSyncRepository(self._d).forget_user(user_id)
        for table in (self._d.messages, self._d.results, self._d.safety_events, self._d.feedback,
                      self._d.reminders, self._d.subscriptions):
            for key in [k for k, row in table.items() if row.user_id == user_id]:
                del table[key]


class InMemoryConversationRepository:
    def __init__(self, data: InMemoryStore) -> None:
        self._d = data

    async def get(self, user_id: UserId) -> ConversationState | None:
        return self._d.conversations.get(user_id)

    async def save(self, state: ConversationState) -> ConversationState:
        stored = self._d.conversations.get(state.user_id)
        if (stored.version if stored else 0) != state.version:
            raise ConcurrentUpdateError("conversation changed")
        saved = replace(state, version=state.version + 1)
        self._d.conversations[state.user_id] = saved
        return saved

    async def users_idle(self, before: datetime) -> list[UserId]:
        return [s.user_id for s in self._d.conversations.values()
                if s.active and s.paused_at is None and s.last_activity_at is not None
                and s.last_activity_at < before]


class InMemoryExerciseResultRepository:
    def __init__(self, data: InMemoryStore) -> None:
        self._d = data

    async def add(self, result: ExerciseResult) -> None:
        self._d.results[result.id] = result

    async def list_for_flows(self, user_id: UserId, flow_ids: Collection[str]) -> list[ExerciseResult]:
        return [r for r in self._d.results.values()
                if r.user_id == user_id and r.flow_id in flow_ids]


class InMemorySafetyEventRepository:
    def __init__(self, data: InMemoryStore) -> None:
        self._d = data

    async def add(self, event: SafetyEvent) -> None:
        self._d.safety_events[event.id] = event


class InMemoryGuardEventRepository:
    def __init__(self, data: InMemoryStore) -> None:
        self._d = data

    async def add(self, event: GuardEvent) -> None:
        self._d.guard_events[uuid.uuid4().hex] = event


class InMemoryFeedbackRepository:
    def __init__(self, data: InMemoryStore) -> None:
        self._d = data

    async def add(self, feedback: Feedback) -> None:
        self._d.feedback[feedback.id] = feedback


class InMemoryProcessedEventRepository:
    def __init__(self, data: InMemoryStore) -> None:
        self._d = data

    async def mark_processed(self, source: str, event_id: str) -> bool:
        key = f"{source}:{event_id}"
        if key in self._d.processed_events:
            return False
        self._d.processed_events[key] = True
        return True

    async def was_processed(self, source: str, event_id: str) -> bool:
        return f"{source}:{event_id}" in self._d.processed_events


class InMemoryReminderRepository:
    def __init__(self, data: InMemoryStore) -> None:
        self._d = data

    async def replace_pending(self, reminder: Reminder) -> None:
        for key, row in list(self._d.reminders.items()):
            if (row.user_id, row.kind, row.status) == (reminder.user_id, reminder.kind,
                                                       ReminderStatus.PENDING):
                self._d.reminders[key] = replace(row, status=ReminderStatus.CANCELLED,
                                                 settled_at=reminder.created_at,
                                                 reason="replaced")
        self._d.reminders[reminder.id] = reminder

    async def get(self, reminder_id: str) -> Reminder | None:
        return self._d.reminders.get(reminder_id)

    async def settle(self, reminder: Reminder) -> bool:
        stored = self._d.reminders.get(reminder.id)
        if stored is None or stored.status is not ReminderStatus.PENDING:
            return False
        self._d.reminders[reminder.id] = replace(
            stored, status=reminder.status, settled_at=reminder.settled_at,
            reason=reminder.reason, message_id=reminder.message_id)
        return True

    async def cancel_pending(self, user_id: UserId, at: datetime, reason: str) -> int:
        pending = [r for r in self._d.reminders.values()
                   if r.user_id == user_id and r.status is ReminderStatus.PENDING]
        for r in pending:
            self._d.reminders[r.id] = replace(r, status=ReminderStatus.CANCELLED, settled_at=at,
                                              reason=reason)
        return len(pending)

    async def of_user(self, user_id: UserId, limit: int) -> list[Reminder]:
        # Insertion order stands in for the database's sequence: the later of two made at once.
        mine = [r for r in self._d.reminders.values() if r.user_id == user_id]
        return sorted(reversed(mine), key=lambda r: r.created_at, reverse=True)[:limit]

    async def overdue(self, before: datetime) -> list[Reminder]:
        return sorted((r for r in self._d.reminders.values()
                       if r.status is ReminderStatus.PENDING and r.due_at < before),
                      key=lambda r: r.due_at)

    async def recent(self, limit: int) -> list[Reminder]:
        return sorted(self._d.reminders.values(), key=lambda r: r.due_at, reverse=True)[:limit]


class InMemoryUnitOfWork:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._before = store.tables()
        self._data = InMemoryStore(**{n: copy.copy(rows) for n, rows in self._before.items()})
        self.users = InMemoryUserRepository(self._data)
        self.conversations = InMemoryConversationRepository(self._data)
        self.inbox = InMemoryInbox(self._data)
        self.outbox = InMemoryOutbox(self._data)
        self.transcript = InMemoryTranscript(self._data)
        self.results = InMemoryExerciseResultRepository(self._data)
        self.safety_events = InMemorySafetyEventRepository(self._data)
        self.guard_events = InMemoryGuardEventRepository(self._data)
        self.feedback = InMemoryFeedbackRepository(self._data)
        self.processed_events = InMemoryProcessedEventRepository(self._data)
        self.reminders = InMemoryReminderRepository(self._data)
        self.subscriptions = InMemorySubscriptionRepository(self._data)
        self.mailing = InMemoryMailingSyncRepository(self._data)
        self.personal_data = InMemoryPersonalDataRepository(self._data)
        self.erasures = InMemoryErasureRepository(self._data)

    async def commit(self) -> None:
        for name, rows in self._data.tables().items():
            live, before = getattr(self._store, name), self._before[name]
            for key in [k for k in before if k not in rows]:
                live.pop(key, None)
            for key, row in rows.items():
                if before.get(key) is not row:
                    live[key] = row
        self._before = self._store.tables()
        for name, rows in self._before.items():
            setattr(self._data, name, copy.copy(rows))


class InMemoryUnitOfWorkFactory:
    def __init__(self, store: InMemoryStore | None = None) -> None:
        self.store = store or InMemoryStore()

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[InMemoryUnitOfWork]:
        yield InMemoryUnitOfWork(self.store)
