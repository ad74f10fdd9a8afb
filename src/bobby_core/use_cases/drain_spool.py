"""Move the messages the spool kept into the inbox once the database takes them again.

Oldest first, through the inbox's own group commit, each user's messages in the order they
arrived. A record is removed only once its message is stored; one the inbox had already (the
first try got through after all, or the provider sent it twice) is stored once, by the provider
id. The drain stops when the database fails and leaves the failed messages, and every later one
of their users, for the next try; a message the inbox refuses for good is set aside on disk
rather than block the rest."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bobby_core.errors import DomainError, ExternalServiceError
from bobby_core.ports.spool import InboxSpool, Spooled
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand

log = logging.getLogger("bobby.inbox")

CHUNK = 200
"""Messages handed to the inbox at once (its transaction takes as many)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DrainSpoolResult:
    stored: int
    empty: bool
    """Nothing is left to drain (false: the database failed again; try later)."""


class DrainSpool:
    """Store spooled messages in the inbox in arrival order until the spool is empty or the
    database fails."""

    def __init__(self, spool: InboxSpool, receive: ReceiveMessage) -> None:
        self._spool, self._receive = spool, receive

    async def execute(self) -> DrainSpoolResult:
        stored = 0
        while chunk := await self._spool.oldest(CHUNK):
            pending = chunk
            while pending:
                # Each user's oldest only, in one go: if the inbox takes some of a round and
                # not others (a database coming back), no later message of a user can have
                # been stored ahead of an earlier one that failed.
                now, pending = _one_per_user(pending)
                outcomes = await asyncio.gather(
                    *(self._receive.execute(_command(s)) for s in now), return_exceptions=True)
                done = [s.key for s, o in zip(now, outcomes, strict=True)
                        if not isinstance(o, BaseException)]
                refused = [s.key for s, o in zip(now, outcomes, strict=True)
                           if isinstance(o, DomainError)]
                await self._spool.forget(done)
                if refused:
                    log.error("the inbox refused %d spooled message(s); set aside", len(refused))
                    await self._spool.set_aside(refused)
                stored += len(done)
                failures = [o for o in outcomes
                            if isinstance(o, BaseException) and not isinstance(o, DomainError)]
                if failures:
                    if not isinstance(failures[0], ExternalServiceError):
                        log.error("draining the spool failed: %s", type(failures[0]).__name__)
                    return DrainSpoolResult(stored=stored, empty=False)
        if stored:
            log.info("drained %d message(s) from the spool into the inbox", stored)
        return DrainSpoolResult(stored=stored, empty=True)


def _one_per_user(pending: list[Spooled]) -> tuple[list[Spooled], list[Spooled]]:
    """The first message of each sender, and the rest, both in arrival order."""
    now: list[Spooled] = []
    later: list[Spooled] = []
    seen: set[str] = set()
    for spooled in pending:
        sender = spooled.message.sender_key
        (later if sender in seen else now).append(spooled)
        seen.add(sender)
    return now, later


def _command(spooled: Spooled) -> ReceiveMessageCommand:
    m = spooled.message
    return ReceiveMessageCommand(
        sender=m.sender, text=m.text, provider_message_id=m.provider_message_id,
        provider_user_id=m.provider_user_id, profile_name=m.profile_name,
        media_url=m.media_url, channel=m.channel, received_at=m.received_at,
        needs_turn=m.needs_turn)
