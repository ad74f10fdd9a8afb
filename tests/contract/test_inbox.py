"""The inbox's contract, on every backend (memory, SQLite, encrypted SQLite, PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import Channel, Direction
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, make_message, next_id, stored_user


async def test_the_inbox_stores_each_message_once_and_hands_it_to_one_turn(
        uow: UnitOfWorkFactory) -> None:
    user, other, done = await stored_user(uow), await stored_user(uow), await stored_user(uow)
    sid = next_id("SM")
    first, copy = make_message(user, provider_id=sid), make_message(user, provider_id=sid)
    second = replace(make_message(user, provider_id=next_id("SM"), minutes=1),
                     media_url="https://api.twilio.example/Media/ME1")
    web = [replace(make_message(other), channel=Channel.WEB) for _ in range(2)]
    handled = make_message(done)
    async with uow() as work:
        # The insert drops a copy of a stored provider id, in one batch as in a later one;
        # messages without a provider id (the web chat's) never clash.
        assert await work.inbox.add([first, copy, second]) == {first.id, second.id}
        assert await work.inbox.add([*web, handled]) == {web[0].id, web[1].id, handled.id}
        await work.outbox.add([make_message(user, direction=Direction.OUTBOUND, minutes=9)])
        await work.inbox.mark_handled(handled.id, T0)
        await work.commit()
    async with uow() as work:
        assert await work.inbox.add([copy]) == set()
        # Each user once, in the order of their oldest waiting message; only older ones count.
        assert await work.inbox.users_waiting(T0 + timedelta(seconds=1)) == [user.id, other.id]
        assert await work.inbox.users_waiting(T0) == []
        # The 24-hour window: WhatsApp messages from the user, not replies, not the web chat.
        assert await work.inbox.last_received_at(user.id) == T0 + timedelta(minutes=1)
        assert await work.inbox.last_received_at(other.id) is None
        assert await work.inbox.last_channel(user.id) is Channel.WHATSAPP
        assert await work.inbox.last_channel(other.id) is Channel.WEB
        assert await work.inbox.last_channel(done.id) is Channel.WHATSAPP
        assert await work.inbox.next_waiting(user.id) == first
        await work.inbox.mark_handled(first.id, T0)
        await work.commit()
    async with uow() as work:
        with pytest.raises(ConcurrentUpdateError):
            await work.inbox.mark_handled(first.id, T0)
    async with uow() as work:
        assert await work.inbox.next_waiting(user.id) == second
        assert await work.inbox.count_attempt(second.id) == 1
        assert await work.inbox.count_attempt(second.id) == 2
        await work.inbox.redact(second.id)
        await work.inbox.record_usage(second.id, 1200, 85)
        await work.commit()
    async with uow() as work:
        stored = await work.transcript.get(second.id)
    assert stored is not None
    assert (stored.body, stored.media_url, stored.attempts) == ("", None, 2)
    assert (stored.prompt_tokens, stored.completion_tokens) == (1200, 85)
