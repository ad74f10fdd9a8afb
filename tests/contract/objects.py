"""Small builders for domain objects used by the contract tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from bobby_core.model import (
    Direction,
    Message,
    MessageId,
    User,
    UserId,
)
from bobby_core.ports import UnitOfWorkFactory

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
_counter = itertools.count(1)


def next_id(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def make_user(phone: str | None = None) -> User:
    n = next(_counter)
    return User(id=UserId(f"user-{n}"), phone=phone or f"+4477009{n:05d}", created_at=T0)


def make_message(user: User, *, direction: Direction = Direction.INBOUND,
                 provider_id: str | None = None, in_reply_to: str | None = None,
                 minutes: int = 0) -> Message:
    return Message(id=MessageId(next_id("msg")), user_id=user.id, direction=direction,
                   body=f"hello {next(_counter)}", created_at=T0 + timedelta(minutes=minutes),
                   provider_message_id=provider_id,
                   in_reply_to=MessageId(in_reply_to) if in_reply_to else None)


async def stored_user(uow: UnitOfWorkFactory, phone: str | None = None) -> User:
    user = make_user(phone)
    async with uow() as work:
        await work.users.add(user)
        await work.commit()
    return user
