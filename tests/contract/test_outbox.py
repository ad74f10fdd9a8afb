"""The outbox's contract, on every backend (memory, SQLite, encrypted SQLite, PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bobby_core.model import DeliveryStatus, Direction
from bobby_core.ports import StatusChange, UnitOfWorkFactory
from tests.contract.objects import T0, make_message, stored_user

CHART = "https://bobby.example/media/" + "c" * 32 + ".png"


async def test_the_outbox_hands_each_reply_to_one_sender_in_order_and_tracks_its_status(
        uow: UnitOfWorkFactory) -> None:
    user, erased = await stored_user(uow), await stored_user(uow)
    queued = [replace(make_message(user, direction=Direction.OUTBOUND),
                      status=DeliveryStatus.QUEUED) for _ in range(2)]
    farewell = replace(make_message(erased, direction=Direction.OUTBOUND),
                       status=DeliveryStatus.QUEUED, address=erased.phone)
    async with uow() as work:
        assert not await work.outbox.busy(user.id)
        await work.outbox.add([*queued, farewell])
        assert await work.outbox.busy(user.id)
        await work.commit()
    async with uow() as work:
        assert await work.outbox.users_unsent(T0 + timedelta(seconds=1)) == [user.id, erased.id]
        assert await work.outbox.users_unsent(T0) == []
        [first] = await work.outbox.claim(user.id, T0, limit=1)
        assert await work.outbox.claim(user.id, T0, limit=5, addressed=True) == []
        [bye] = await work.outbox.claim(erased.id, T0, limit=5, addressed=True)
        await work.commit()
    assert (first.id, first.status, first.attempts) == (queued[0].id, DeliveryStatus.SENDING, 1)
    assert (bye.id, bye.status) == (farewell.id, DeliveryStatus.SENDING)
    async with uow() as work:
        # A claimed reply is never handed out again; the next claim takes what still waits.
        [second] = await work.outbox.claim(user.id, T0, limit=5)
        assert second.id == queued[1].id
        assert await work.outbox.claim(user.id, T0, limit=5) == []
        # Sent with the text and media it was completed with; a later report keeps the SID.
        await work.outbox.set_statuses([StatusChange(
            message_id=second.id, status=DeliveryStatus.SENT, at=T0, provider_message_id="SMx",
            completed=("Your scores", CHART))])
        await work.outbox.set_status(second.id, DeliveryStatus.FAILED, at=T0, error_code="63016")
        await work.commit()
    async with uow() as work:
        assert await work.outbox.users_unsent(T0 + timedelta(seconds=1)) == []
        assert await work.outbox.fail_interrupted(T0) == 0
        # The first reply was handed over and never answered; the farewell goes with it.
        assert await work.outbox.fail_interrupted(T0 + timedelta(minutes=5)) == 2
        await work.commit()
    async with uow() as work:
        failed, sent = await work.transcript.get(first.id), await work.transcript.get(second.id)
        assert await work.transcript.get(farewell.id) is None
        assert not await work.outbox.busy(user.id)
        await work.outbox.remove([second.id])
        await work.commit()
    assert failed is not None
    assert (failed.status, failed.error_code, failed.attempts) == (
        DeliveryStatus.FAILED, "interrupted", 1)
    assert sent is not None
    assert (sent.status, sent.error_code, sent.provider_message_id, sent.attempts) == (
        DeliveryStatus.FAILED, "63016", "SMx", 1)
    assert (sent.body, sent.media_url) == ("Your scores", CHART)
    async with uow() as work:
        assert [m.id for m in await work.transcript.list_for_user(user.id)] == [first.id]
