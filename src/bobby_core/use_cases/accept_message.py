"""The webhook's side of the inbox: a provider's message is taken within a bound, whatever the
database is doing.

Stored in the inbox if the database answers in time (the usual case). If it refuses, or has not
answered within the bound (a hung connection, a frozen network), the message is kept in the
local spool and taken all the same: the provider does not send an inbound message again, so
answering "retry later" would lose it. DrainSpool stores it when the database is back. Only a
message neither can take is refused (ExternalServiceError, a 503 with Retry-After).

A message without a provider id is never spooled: a replay could not be told from a new one."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta

from bobby_core.deadline import bounded
from bobby_core.errors import ExternalServiceError
from bobby_core.ports import Clock
from bobby_core.ports.spool import InboxSpool, SpooledMessage
from bobby_core.use_cases.receive_message import (
    ReceiveMessage,
    ReceiveMessageCommand,
    sender_phone,
)

log = logging.getLogger("bobby.inbox")


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptInboundMessageResult:
    spooled: bool
    """Kept in the spool, to be stored in the inbox when the database is back."""


class AcceptInboundMessage:
    """Store an inbound message within `store_within`, else keep it in the spool; raise
    ExternalServiceError only when the spool cannot take it either."""

    def __init__(self, receive: ReceiveMessage, spool: InboxSpool, clock: Clock,
                 store_within: timedelta) -> None:
        self._receive, self._spool, self._clock = receive, spool, clock
        self._within = store_within.total_seconds()

    async def execute(self, cmd: ReceiveMessageCommand) -> AcceptInboundMessageResult:
        sender_phone(cmd)  # bad input is refused now, never spooled
        if cmd.provider_message_id is None:
            await self._receive.execute(cmd)
            return AcceptInboundMessageResult(spooled=False)
        kept = SpooledMessage(
            sender=cmd.sender, text=cmd.text, provider_message_id=cmd.provider_message_id,
            received_at=cmd.received_at or self._clock.now(),
            provider_user_id=cmd.provider_user_id, profile_name=cmd.profile_name,
            media_url=cmd.media_url, channel=cmd.channel, needs_turn=cmd.needs_turn)
        if await self._spool.holds_any():
            # Older messages wait there: storing this one now would overtake them.
            return await self._keep(kept)
        try:
            await bounded(self._receive.execute(replace(cmd, received_at=kept.received_at)),
                          self._within)
        except (ExternalServiceError, TimeoutError) as exc:
            log.warning("the inbox could not store a message (%s); spooling it",
                        type(exc).__name__)
            return await self._keep(kept)
        return AcceptInboundMessageResult(spooled=False)

    async def _keep(self, message: SpooledMessage) -> AcceptInboundMessageResult:
        await self._spool.keep(message)
        return AcceptInboundMessageResult(spooled=True)
