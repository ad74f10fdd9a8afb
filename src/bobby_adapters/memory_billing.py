"""In-memory subscriptions and mailing-list sync state (part of `memory.InMemoryStore`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from bobby_core.model import UserId
from bobby_core.subscriptions.mailing import MailingEntry
from bobby_core.subscriptions.model import Subscription


class InMemorySubscriptionRepository:
    def __init__(self, data: Any) -> None:
        self._d = data  # the unit of work swaps the store's tables, so look them up each time

    @property
    def _rows(self) -> dict[str, Subscription]:
        rows: dict[str, Subscription] = self._d.subscriptions
        return rows

    async def lock(self, subscription_id: str) -> None:
        # One process, and the use case does not yield between its read and its write of a row.
        return

    async def get(self, subscription_id: str) -> Subscription | None:
        return self._rows.get(subscription_id)

    async def save(self, subscription: Subscription) -> None:
        self._rows[subscription.id] = subscription

    async def list_for_user(self, user_id: UserId) -> list[Subscription]:
        return [s for s in self._rows.values() if s.user_id == user_id]

    async def user_for_customer(self, customer_id: str) -> UserId | None:
        return next((s.user_id for s in self._rows.values()
                     if s.customer_id == customer_id and s.user_id is not None), None)


class InMemoryMailingSyncRepository:
    def __init__(self, data: Any) -> None:
        self._d = data

    @property
    def _rows(self) -> dict[str, MailingEntry]:
        rows: dict[str, MailingEntry] = self._d.mailing
        return rows

    async def get(self, contact_key: str) -> MailingEntry | None:
        return self._rows.get(contact_key)

    async def want(self, entry: MailingEntry) -> None:
        stored = self._rows.get(entry.contact_key)
        if stored is not None and stored.already_wants(entry):
            return
        revision = stored.revision + 1 if stored else 1
        self._rows[entry.contact_key] = replace(
            entry, revision=revision, pending=True, failed=False, attempts=0,
            next_attempt_at=None, last_error=None)

    async def due(self, now: datetime, limit: int) -> list[MailingEntry]:
        rows = [e for e in self._rows.values() if e.pending
                and (e.next_attempt_at is None or e.next_attempt_at <= now)]
        return rows[:limit]

    async def record(self, entry: MailingEntry) -> bool:
        stored = self._rows.get(entry.contact_key)
        if stored is None or stored.revision != entry.revision:
            return False
        if entry.delete and not entry.pending and not entry.failed:
            del self._rows[entry.contact_key]
        else:
            self._rows[entry.contact_key] = entry
        return True

    async def for_user(self, user_id: UserId) -> list[MailingEntry]:
        return [e for e in self._rows.values() if e.user_id == user_id]

    async def forget_user(self, user_id: UserId) -> None:
        # The user repository's delete, not the port: the contact stays only as a key.
        for key, row in list(self._rows.items()):
            if row.user_id == user_id:
                self._rows[key] = replace(row, email=None, user_id=None, tags={}, delete=True,
                                          pending=True, failed=False, attempts=0,
                                          revision=row.revision + 1, next_attempt_at=None,
                                          last_error=None)
