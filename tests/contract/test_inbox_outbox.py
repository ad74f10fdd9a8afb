"""The inbox and outbox queries every backend must answer alike (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import DeliveryStatus, Direction, ExerciseResult, ResultId, ResultStatus
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, make_message, next_id, stored_user


async def test_an_inbound_copy_with_a_known_provider_id_is_dropped_by_the_insert(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    sid = next_id("SM")
    async with uow() as work:
        first, again = make_message(user, provider_id=sid), make_message(user, provider_id=sid)
        assert await work.messages.add_inbound([first]) == {first.id}
        assert await work.messages.add_inbound([again]) == set()
        await work.commit()
    async with uow() as work:
        assert len(await work.messages.list_for_user(user.id)) == 1


async def test_inbound_messages_stored_together_keep_their_order_and_drop_copies(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    sid = next_id("SM")
    first, copy, second = (make_message(user, provider_id=sid),
                           make_message(user, provider_id=sid),
                           make_message(user, provider_id=next_id("SM"), minutes=1))
    async with uow() as work:
        assert await work.messages.add_inbound([first, copy, second]) == {first.id, second.id}
        await work.commit()
    async with uow() as work:
        assert await work.messages.next_inbound(user.id) == first
        assert [m.id for m in await work.messages.list_for_user(user.id)] == [first.id, second.id]


async def test_waiting_inbound_comes_oldest_first_and_is_handled_exactly_once(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    first, second = make_message(user), make_message(user, minutes=1)
    async with uow() as work:
        for message in (first, second, make_message(user, direction=Direction.OUTBOUND)):
            await work.messages.add(message)
        await work.commit()
    async with uow() as work:
        assert await work.messages.next_inbound(user.id) == first
        await work.messages.mark_handled(first.id, T0)
        await work.commit()
    async with uow() as work:
        with pytest.raises(ConcurrentUpdateError):
            await work.messages.mark_handled(first.id, T0)
    async with uow() as work:
        assert await work.messages.next_inbound(user.id) == second
        assert await work.messages.count_attempt(second.id) == 1
        assert await work.messages.count_attempt(second.id) == 2
        await work.messages.redact(second.id)
        await work.commit()
    async with uow() as work:
        stored = await work.messages.get(second.id)
    assert stored is not None
    assert (stored.body, stored.media_url, stored.attempts) == ("", None, 2)


async def test_the_outbox_hands_out_queued_replies_in_order_and_tracks_their_status(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    queued = [replace(make_message(user, direction=Direction.OUTBOUND),
                      status=DeliveryStatus.QUEUED) for _ in range(2)]
    async with uow() as work:
        for message in queued:
            await work.messages.add(message)
        await work.commit()
    async with uow() as work:
        assert await work.messages.users_unsent(T0 + timedelta(seconds=1)) == [user.id]
        assert await work.messages.users_unsent(T0) == []
        [first] = await work.messages.claim_queued(user.id, T0, limit=1)
        await work.commit()
    assert (first.id, first.status, first.attempts) == (queued[0].id, DeliveryStatus.SENDING, 1)
    async with uow() as work:
        # A claimed reply is never handed out again; the next claim takes what still waits.
        assert [m.id for m in await work.messages.claim_queued(user.id, T0, limit=5)] == [
            queued[1].id]
        assert await work.messages.claim_queued(user.id, T0, limit=5) == []
        await work.messages.set_status(queued[1].id, DeliveryStatus.SENT, at=T0,
                                       provider_message_id="SMx")
        await work.commit()
    async with uow() as work:
        assert await work.messages.users_unsent(T0 + timedelta(seconds=1)) == []
        assert await work.messages.fail_interrupted(T0) == 0
        assert await work.messages.fail_interrupted(T0 + timedelta(minutes=5)) == 1
        await work.commit()
    async with uow() as work:
        failed = await work.messages.get(queued[0].id)
    assert failed is not None
    assert (failed.status, failed.error_code, failed.attempts) == (
        DeliveryStatus.FAILED, "interrupted", 1)


async def test_users_waiting_lists_each_user_with_an_unhandled_message_once(
        uow: UnitOfWorkFactory) -> None:
    user, other, done = (await stored_user(uow), await stored_user(uow), await stored_user(uow))
    handled = make_message(done)
    async with uow() as work:
        for message in (make_message(user), make_message(user), make_message(other), handled):
            await work.messages.add(message)
        await work.messages.mark_handled(handled.id, T0)
        await work.commit()
    async with uow() as work:
        assert await work.messages.users_waiting(T0 + timedelta(seconds=1)) == [user.id, other.id]
        assert await work.messages.users_waiting(T0) == []


async def test_results_are_read_back_for_the_flows_asked_for(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)

    def result(flow_id: str) -> ExerciseResult:
        return ExerciseResult(id=ResultId(next_id("res")), user_id=user.id, flow_id=flow_id,
                              flow_version=1, status=ResultStatus.FINISHED, started_at=T0,
                              ended_at=T0, fields={"day": 1})

    journal, reflect, boundaries = result("journaling"), result("reflect"), result("boundaries")
    async with uow() as work:
        for row in (journal, reflect, boundaries):
            await work.results.add(row)
        await work.commit()
    async with uow() as work:
        found = await work.results.list_for_flows(user.id, {"journaling", "boundaries"})
    assert found == [journal, boundaries]
