"""Push pending mailing-list changes to the provider; failures wait, with back-off, for the
next sweep and never reach a user."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bobby_core.errors import ExternalServiceError, MailingListError
from bobby_core.model import UserId
from bobby_core.ports import Clock, MailingList, UnitOfWorkFactory
from bobby_core.subscriptions.mailing import MailingEntry

logger = logging.getLogger("bobby.mailing")


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncMailingListCommand:
    limit: int = 20
    """At most this many contacts per run (the provider allows about 10 requests a second)."""
    user_id: UserId | None = None
    """Only this user's contacts (right after their change); None for every due contact."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncMailingListResult:
    synced: int = 0
    failed: int = 0


class SyncMailingList:
    """Call from the queue's periodic sweep: `await sync.execute(SyncMailingListCommand())`."""

    def __init__(self, uow: UnitOfWorkFactory, mailing: MailingList, clock: Clock) -> None:
        self._uow, self._mailing, self._clock = uow, mailing, clock

    @property
    def enabled(self) -> bool:
        return self._mailing.enabled

    async def execute(self, cmd: SyncMailingListCommand) -> SyncMailingListResult:
        if not self._mailing.enabled:
            return SyncMailingListResult()
        now = self._clock.now()
        async with self._uow() as uow:
            if cmd.user_id is None:
                due = await uow.mailing.due(now, cmd.limit)
            else:
                due = [e for e in await uow.mailing.for_user(cmd.user_id) if e.pending and (
                    e.next_attempt_at is None or e.next_attempt_at <= now)][:cmd.limit]
        synced = failed = 0
        for entry in due:
            outcome = await self._push(entry)
            async with self._uow() as uow:
                await uow.mailing.record(outcome)
                await uow.commit()
            synced, failed = (synced + 1, failed) if not outcome.pending else (synced, failed + 1)
        return SyncMailingListResult(synced=synced, failed=failed)

    async def _push(self, entry: MailingEntry) -> MailingEntry:
        try:
            if entry.delete or entry.email is None:
                await self._mailing.delete(entry.contact_key)
            else:
                await self._mailing.upsert(entry.email, entry.tags)
        except MailingListError as exc:
            logger.warning("mailing list refused a change (%s); permanent=%s", exc.detail,
                           exc.permanent)
            return entry.after_failure(self._clock.now(), exc.detail, permanent=exc.permanent)
        except ExternalServiceError as exc:
            logger.warning("mailing list unavailable (%s); will retry", exc.detail)
            return entry.after_failure(self._clock.now(), exc.detail, permanent=False)
        return replace(entry, pending=False, failed=False, attempts=0, last_error=None,
                       next_attempt_at=None)
