"""The same provider message twice is one turn and one set of sends, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from injector import Injector

from bobby_core.model import ConversationState, Direction, Message
from bobby_core.ports import UnitOfWorkFactory
from tests.integration.http_support import sent_by
from tests.integration.pipeline_support import Door, door_on
from tests.unit.harness import Sent

pytestmark = pytest.mark.integration

PHONE = "+447700900321"


@dataclass
class Server:
    door: Door
    container: Injector

    async def send(self, text: str, sid: str, phone: str = PHONE) -> Sent:
        return await self.door.send(text, sid, phone)

    async def stored(self, phone: str = PHONE) -> tuple[int, ConversationState, list[Message]]:
        async with self.container.get(UnitOfWorkFactory)() as work:
            users = [u for u in [await work.users.get_by_phone(phone)] if u is not None]
            [user] = users
            state = await work.conversations.get(user.id)
            assert state is not None
            return len(users), state, await work.transcript.list_for_user(user.id)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def server(request: pytest.FixtureRequest) -> AsyncIterator[Server]:
    fixture = "sqlite_url" if request.param == "sqlite" else "clean_postgres_url"
    async with door_on(request.getfixturevalue(fixture)) as (door, container):
        yield Server(door, container)


async def test_a_redelivered_message_is_one_turn_and_one_set_of_sends(server: Server) -> None:
    first = await server.send("hi", "SMone")
    again = await server.send("hi", "SMone")
    assert first.replies
    assert (first.duplicate, again.duplicate) == (False, True)
    _, state, messages = await server.stored()
    assert state.version == 1
    assert sum(m.direction is Direction.INBOUND for m in messages) == 1
    assert len(messages) == 1 + len(first.replies)
    assert [s.body for s in sent_by(server.container).sent] == [r.body for r in first.replies]


async def test_a_message_delivered_twice_at_once_is_one_turn(server: Server) -> None:
    await server.send("hi", "SMa")
    results = await asyncio.gather(server.send("yes", "SMb"), server.send("yes", "SMb"))
    assert sorted(r.duplicate for r in results) == [False, True]
    _, state, messages = await server.stored()
    assert state.version == 2  # "hi" and one "yes"
    assert sum(m.direction is Direction.INBOUND for m in messages) == 2


async def test_a_new_phone_writing_twice_at_once_becomes_one_user_with_two_turns(
        server: Server) -> None:
    phone = "+447700900999"
    results = await asyncio.gather(server.send("hi", "SMx", phone),
                                   server.send("hello", "SMy", phone))
    assert results[0].user_id == results[1].user_id
    count, state, messages = await server.stored(phone)
    assert count == 1
    assert state.version == 2
    inbound = [m for m in messages if m.direction is Direction.INBOUND]
    assert len(inbound) == 2
    assert all(m.handled_at is not None for m in inbound)
