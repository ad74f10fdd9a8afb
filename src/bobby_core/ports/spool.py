"""The inbox's spool: where a signed inbound message waits, on local disk, while the database
cannot take it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bobby_core.model import Channel


@dataclass(frozen=True, slots=True, kw_only=True)
class SpooledMessage:
    """An inbound message as the provider sent it, with when it arrived."""

    sender: str | None
    """The phone; None for a user the provider knows only by `provider_user_id`."""
    text: str
    provider_message_id: str
    received_at: datetime
    provider_user_id: str | None = None
    profile_name: str | None = None
    media_url: str | None = None
    channel: Channel = Channel.WHATSAPP
    needs_turn: bool = True

    @property
    def sender_key(self) -> str:
        """Who sent it: the provider's user id, else the phone."""
        return self.provider_user_id or self.sender or ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Spooled:
    key: str
    """The spool's own name for the record; keys sort in arrival order."""
    message: SpooledMessage


class InboxSpool(Protocol):
    async def keep(self, message: SpooledMessage) -> None:
        """Write one message durably (on disk before this returns); raise
        ExternalServiceError if it cannot be written."""
        ...

    async def holds_any(self) -> bool:
        """Whether any message waits in the spool."""
        ...

    async def oldest(self, limit: int) -> list[Spooled]:
        """Up to `limit` waiting messages, in the order they arrived."""
        ...

    async def forget(self, keys: Sequence[str]) -> None:
        """Remove these records: their messages are in the inbox now."""
        ...

    async def set_aside(self, keys: Sequence[str]) -> None:
        """Keep these records on disk but out of the drain: the inbox refused them for good."""
        ...
