"""The transcript's contract, on every backend (memory, SQLite, encrypted SQLite, PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

from bobby_core.model import DeliveryStatus, Direction
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, make_message, next_id, stored_user


async def test_the_transcript_reads_any_message_back_by_user_by_id_or_by_provider_id(
        uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    sid, sent_sid = next_id("SM"), next_id("SM")
    inbound = make_message(user, provider_id=sid)
    # Same timestamps on purpose: insertion order decides, as with a fixed test clock.
    replies = [make_message(user, direction=Direction.OUTBOUND, in_reply_to=inbound.id)
               for _ in range(3)]
    async with uow() as work:
        await work.inbox.add([inbound, make_message(other)])
        await work.outbox.add(replies)
        await work.outbox.set_status(replies[0].id, DeliveryStatus.SENT, at=T0,
                                     provider_message_id=sent_sid)
        await work.commit()
    sent = replace(replies[0], status=DeliveryStatus.SENT, handled_at=T0,
                   provider_message_id=sent_sid)
    async with uow() as work:
        assert await work.transcript.list_for_user(user.id) == [inbound, sent, *replies[1:]]
        assert await work.transcript.get(replies[1].id) == replies[1]
        assert await work.transcript.get(next_id("msg")) is None
        assert await work.transcript.get_by_provider_id(sid) == inbound
        assert await work.transcript.get_by_provider_id(sent_sid) == sent
        assert await work.transcript.get_by_provider_id(next_id("SM")) is None
