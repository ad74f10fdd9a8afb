"""Read back a conversation for the dev web chat: every message of one (fictional) number."""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.model import DeliveryStatus, Direction, Message, normalise_phone
from bobby_core.ports import UnitOfWorkFactory

_WAITING = frozenset({DeliveryStatus.QUEUED, DeliveryStatus.SENDING})


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadChatCommand:
    phone: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadChatResult:
    messages: tuple[Message, ...]


class ReadChat:
    """The messages of this number, oldest first (none for a number Bobby does not know): what
    they wrote and was kept, and the replies the outbox has delivered (a reply still waiting
    may lack its link or chart)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, cmd: ReadChatCommand) -> ReadChatResult:
        async with self._uow() as uow:
            user = await uow.users.get_by_phone(normalise_phone(cmd.phone))
            found = await uow.transcript.list_for_user(user.id) if user is not None else []
        return ReadChatResult(messages=tuple(m for m in found if _shown(m)))


def _shown(message: Message) -> bool:
    """What the user wrote, unless nothing of it was kept (before consent it is blanked once
    its turn has run: no empty bubble); replies once delivered."""
    if message.direction is Direction.INBOUND:
        return bool(message.body or message.media_url)
    return message.status not in _WAITING
