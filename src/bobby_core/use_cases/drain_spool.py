"""Move the messages the spool kept into the inbox once the database takes them again.

Oldest first, a chunk at a time through the inbox's own group commit, so each user's messages
keep the order they arrived in. A record is removed only once its message is stored; one the
inbox had already (the first try got through after all, or the provider sent it twice) is
stored once, by the provider id. The drain stops at the first failure of the database and leaves
that message and every later one for the next try; a message the inbox refuses for good is set
aside on disk rather than block the rest."""

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
            outcomes = await asyncio.gather(*(self._receive.execute(_command(s)) for s in chunk),
                                            return_exceptions=True)
            done, refused = [], []
            for spooled, outcome in zip(chunk, outcomes, strict=True):
                if isinstance(outcome, DomainError):
                    refused.append(spooled.key)
                elif isinstance(outcome, BaseException):
                    break  # it and all after it wait for the next drain: none may overtake it
                else:
                    done.append(spooled.key)
            await self._spool.forget(done)
            if refused:
                log.error("the inbox refused %d spooled message(s); set aside", len(refused))
                await self._spool.set_aside(refused)
            stored += len(done)
            if len(done) + len(refused) < len(chunk):
                failure = next(o for o in outcomes if isinstance(o, BaseException)
                               and not isinstance(o, DomainError))
                if not isinstance(failure, ExternalServiceError):
                    log.error("draining the spool failed: %s", type(failure).__name__)
                return DrainSpoolResult(stored=stored, empty=False)
        if stored:
            log.info("drained %d message(s) from the spool into the inbox", stored)
        return DrainSpoolResult(stored=stored, empty=True)


def _command(spooled: Spooled) -> ReceiveMessageCommand:
    m = spooled.message
    return ReceiveMessageCommand(
        sender=m.sender, text=m.text, provider_message_id=m.provider_message_id,
        provider_user_id=m.provider_user_id, profile_name=m.profile_name,
        media_url=m.media_url, channel=m.channel, received_at=m.received_at)
