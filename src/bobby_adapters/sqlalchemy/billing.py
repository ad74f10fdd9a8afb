"""Subscriptions and the mailing-list sync state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bobby_adapters.sqlalchemy.locks import advisory_key
from bobby_adapters.sqlalchemy.tables import MailingSyncRow, SubscriptionRow
from bobby_core.model import UserId
from bobby_core.subscriptions.mailing import MailingEntry
from bobby_core.subscriptions.model import Evidence, PlanKind, Subscription, SubscriptionStatus


class SqlAlchemySubscriptionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def lock(self, subscription_id: str) -> None:
        if self._s.get_bind().dialect.name == "postgresql":
            # A row lock cannot cover a row that does not exist yet; two first events of one
            # subscription would both insert. The advisory lock covers both cases.
            await self._s.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                  {"key": advisory_key(f"subscription:{subscription_id}")})
        else:
            await self._s.connection()  # SQLite: BEGIN IMMEDIATE serialises writers

    async def get(self, subscription_id: str) -> Subscription | None:
        row = await self._s.get(SubscriptionRow, subscription_id, populate_existing=True)
        return subscription_of(row) if row is not None else None

    async def save(self, subscription: Subscription) -> None:
        values = _subscription_values(subscription)
        result = await self._s.execute(update(SubscriptionRow)
                                       .where(SubscriptionRow.id == subscription.id)
                                       .values(**values)
                                       .execution_options(synchronize_session=False))
        if getattr(result, "rowcount", 0) == 0:
            await self._s.execute(insert(SubscriptionRow).values(id=subscription.id, **values))

    async def list_for_user(self, user_id: UserId) -> list[Subscription]:
        rows = await self._s.scalars(select(SubscriptionRow)
                                     .where(SubscriptionRow.user_id == user_id)
                                     .execution_options(populate_existing=True))
        return [subscription_of(r) for r in rows]

    async def user_for_customer(self, customer_id: str) -> UserId | None:
        found = await self._s.scalar(select(SubscriptionRow.user_id)
                                     .where(SubscriptionRow.customer_id == customer_id,
                                            SubscriptionRow.user_id.is_not(None))
                                     .order_by(SubscriptionRow.user_id).limit(1))
        return UserId(found) if found else None


def _subscription_values(sub: Subscription) -> dict[str, Any]:
    return {"user_id": sub.user_id, "customer_id": sub.customer_id, "kind": sub.kind.value,
            "status": sub.status.value, "evidence": int(sub.evidence), "as_of": sub.as_of,
            "period_end": sub.period_end, "cancel_at_period_end": sub.cancel_at_period_end}


def subscription_of(row: SubscriptionRow) -> Subscription:
    return Subscription(
        id=row.id, kind=PlanKind(row.kind), status=SubscriptionStatus(row.status),
        evidence=Evidence(row.evidence), as_of=row.as_of, period_end=row.period_end,
        cancel_at_period_end=row.cancel_at_period_end,
        user_id=UserId(row.user_id) if row.user_id else None, customer_id=row.customer_id)


class SqlAlchemyMailingSyncRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, contact_key: str) -> MailingEntry | None:
        row = await self._s.get(MailingSyncRow, contact_key, populate_existing=True)
        return _entry(row) if row is not None else None

    async def want(self, entry: MailingEntry) -> None:
        stored = await self.get(entry.contact_key)
        if stored is not None and stored.already_wants(entry):
            return
        values = {"email": entry.email, "tags": entry.tags, "user_id": entry.user_id,
                  "delete": entry.delete, "pending": True, "failed": False, "attempts": 0,
                  "next_attempt_at": None, "last_error": None, "updated_at": func.now()}
        if stored is None:
            await self._s.execute(insert(MailingSyncRow).values(
                contact_key=entry.contact_key, revision=1, **values))
        else:
            await self._s.execute(update(MailingSyncRow)
                                  .where(MailingSyncRow.contact_key == entry.contact_key)
                                  .values(revision=MailingSyncRow.revision + 1, **values)
                                  .execution_options(synchronize_session=False))

    async def due(self, now: datetime, limit: int) -> list[MailingEntry]:
        rows = await self._s.scalars(
            select(MailingSyncRow)
            .where(MailingSyncRow.pending.is_(True),
                   or_(MailingSyncRow.next_attempt_at.is_(None),
                       MailingSyncRow.next_attempt_at <= now))
            .order_by(MailingSyncRow.updated_at, MailingSyncRow.contact_key).limit(limit)
            .execution_options(populate_existing=True))
        return [_entry(r) for r in rows]

    async def record(self, entry: MailingEntry) -> bool:
        match = (MailingSyncRow.contact_key == entry.contact_key,
                 MailingSyncRow.revision == entry.revision)
        if entry.delete and not entry.pending and not entry.failed:
            result = await self._s.execute(delete(MailingSyncRow).where(*match)
                                           .execution_options(synchronize_session=False))
        else:
            result = await self._s.execute(
                update(MailingSyncRow).where(*match)
                .values(pending=entry.pending, failed=entry.failed, attempts=entry.attempts,
                        next_attempt_at=entry.next_attempt_at, last_error=entry.last_error)
                .execution_options(synchronize_session=False))
        return bool(getattr(result, "rowcount", 0))

    async def for_user(self, user_id: UserId) -> list[MailingEntry]:
        rows = await self._s.scalars(select(MailingSyncRow)
                                     .where(MailingSyncRow.user_id == user_id)
                                     .order_by(MailingSyncRow.contact_key)
                                     .execution_options(populate_existing=True))
        return [_entry(r) for r in rows]

    async def forget_user(self, user_id: UserId) -> None:
        # The user repository's delete, not the port: the contact stays only as a key.
        await self._s.execute(
            update(MailingSyncRow).where(MailingSyncRow.user_id == user_id)
            .values(email=None, user_id=None, tags={}, delete=True, pending=True, failed=False,
                    attempts=0, next_attempt_at=None, last_error=None,
                    revision=MailingSyncRow.revision + 1, updated_at=func.now())
            .execution_options(synchronize_session=False))


def _entry(row: MailingSyncRow) -> MailingEntry:
    return MailingEntry(
        contact_key=row.contact_key, email=row.email, tags=dict(row.tags),
        user_id=UserId(row.user_id) if row.user_id else None, delete=row.delete,
        pending=row.pending, failed=row.failed, revision=row.revision, attempts=row.attempts,
        next_attempt_at=row.next_attempt_at, last_error=row.last_error)
