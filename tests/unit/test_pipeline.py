"""The path of a message: inbox, per-user turns from a snapshot, outbox, delivery reports."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bobby_adapters.memory_messages import InMemoryInbox, InMemoryOutbox
from bobby_adapters.phone_zones import PhonenumbersZoneFinder
from bobby_core.errors import ConcurrentUpdateError, DeliveryError, ExternalServiceError
from bobby_core.local_time import QuietHours
from bobby_core.model import DeliveryStatus, Direction, Message, UserId
from bobby_core.use_cases.deliver_replies import DeliverRepliesCommand
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_core.use_cases.record_delivery_status import (
    RecordDeliveryStatus,
    RecordDeliveryStatusCommand,
)
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
from tests.unit.harness import PHONE, Bobby


def outbound(bobby: Bobby) -> list[Message]:
    return [m for m in bobby.store.messages.values() if m.direction is Direction.OUTBOUND]


def inbound(bobby: Bobby) -> list[Message]:
    return [m for m in bobby.store.messages.values() if m.direction is Direction.INBOUND]


async def receive(bobby: Bobby, text: str, sid: str | None = None) -> UserId:
    got = await bobby.receive.execute(ReceiveMessageCommand(
        sender=f"whatsapp:{PHONE}", text=text, provider_message_id=sid))
    return got.user_id


async def test_the_inbox_stores_the_message_and_queues_the_turn_without_running_it() -> None:
    bobby = Bobby()
    user_id = await receive(bobby, "hi", "SM1")
    [message] = inbound(bobby)
    assert message.body == "hi"
    assert message.handled_at is None
    assert bobby.queue.turns == [(user_id, None)]
    assert outbound(bobby) == []


async def test_the_same_message_sid_twice_is_one_turn_and_one_set_of_sends() -> None:
    bobby = Bobby()
    first = await bobby.send("hi", sid="SMdup")
    again = await bobby.send("hi", sid="SMdup")
    assert again.duplicate
    assert len(inbound(bobby)) == 1
    assert len(bobby.queue.turns) == 1
    assert [s.body for s in bobby.messenger.sent] == [r.body for r in first.replies]


async def test_messages_that_wait_are_answered_one_by_one_in_arrival_order() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    user_id = await receive(bobby, "My manager criticised my report today")
    await receive(bobby, "I always get things wrong and everyone notices")
    ran = await bobby.turns.execute(RunTurnsCommand(user_id=user_id))
    assert ran.turns == 2
    state = bobby.state()
    assert state.variables["event"] == "My manager criticised my report today"
    assert state.top is not None
    assert state.top.step_id == "socratic_loop"
    assert all(m.handled_at is not None for m in inbound(bobby))


async def test_two_workers_on_one_user_run_each_turn_exactly_once() -> None:
    bobby = Bobby()
    await bobby.consented()
    user_id = await receive(bobby, "2")
    await receive(bobby, "My manager criticised my report today")
    other = turns_with(bobby)  # a second worker's
    done = await asyncio.gather(bobby.turns.execute(RunTurnsCommand(user_id=user_id)),
                                other.execute(RunTurnsCommand(user_id=user_id)))
    assert sum(r.turns for r in done) == 2
    replies = [m for m in outbound(bobby) if m.in_reply_to in {i.id for i in inbound(bobby)}]
    assert len({m.in_reply_to for m in replies}) == len(inbound(bobby))


async def test_a_send_that_fails_twice_then_succeeds_is_sent_exactly_once() -> None:
    bobby = Bobby()
    user_id = await receive(bobby, "hi")
    bobby.messenger.failures = [DeliveryError("20429", permanent=False),
                                DeliveryError(None, permanent=False, detail="HTTP 500")]
    await bobby.turns.execute(RunTurnsCommand(user_id=user_id))  # its own send: refused for now
    assert bobby.queue.deliveries[-1] == (user_id, timedelta(seconds=2))
    second = await bobby.deliver.execute(DeliverRepliesCommand(user_id=user_id))
    assert second.retry_later
    assert bobby.queue.deliveries[-1] == (user_id, timedelta(seconds=10))
    third = await bobby.deliver.execute(DeliverRepliesCommand(user_id=user_id))
    replies = outbound(bobby)
    assert third.sent == len(replies)
    assert [s.body for s in bobby.messenger.sent] == [m.body for m in replies]
    assert all(m.status is DeliveryStatus.SENT and m.provider_message_id for m in replies)
    assert replies[0].attempts == 3


async def test_a_permanent_refusal_is_recorded_with_twilios_code_and_the_rest_go_on() -> None:
    bobby = Bobby()
    bobby.messenger.failures = [DeliveryError("63016", permanent=True)]
    await bobby.send("hi")
    first, *rest = outbound(bobby)
    assert (first.status, first.error_code) == (DeliveryStatus.FAILED, "63016")
    assert rest
    assert all(m.status is DeliveryStatus.SENT for m in rest)
    assert [s.reference for s in bobby.messenger.sent] == [m.id for m in rest]


async def test_status_callbacks_update_the_outbound_row_even_when_its_sid_was_lost() -> None:
    bobby = Bobby()
    await bobby.send("hi")
    record = RecordDeliveryStatus(bobby.uow, bobby.clock, bobby.queue)
    sent = outbound(bobby)[0]
    assert sent.provider_message_id is not None
    await record.execute(RecordDeliveryStatusCommand(
        provider_message_id=sent.provider_message_id, status=DeliveryStatus.DELIVERED))
    assert bobby.store.messages[sent.id].status is DeliveryStatus.DELIVERED
    # A process that died after handing a reply over never stored its SID; the callback
    # carries our reference and fills it in.
    lost = outbound(bobby)[1]
    bobby.store.messages[lost.id] = replace(lost, provider_message_id=None,
                                            status=DeliveryStatus.SENDING)
    result = await record.execute(RecordDeliveryStatusCommand(
        provider_message_id="SM" + "9" * 32, status=DeliveryStatus.SENT, reference=lost.id))
    assert result.updated
    assert bobby.store.messages[lost.id].provider_message_id == "SM" + "9" * 32
    assert bobby.store.messages[lost.id].status is DeliveryStatus.SENT


async def test_the_sweep_requeues_left_work_and_fails_interrupted_sends() -> None:
    bobby = Bobby()
    user_id = await receive(bobby, "hi")
    bobby.messenger.fail = True  # the turn's own sends are refused for now: the outbox keeps them
    await bobby.turns.execute(RunTurnsCommand(user_id=user_id))
    bobby.messenger.fail = False
    stuck = outbound(bobby)[0]
    async with bobby.uow() as uow:
        await uow.outbox.set_status(stuck.id, DeliveryStatus.SENDING, at=bobby.clock.now())
        await uow.commit()
    await receive(bobby, "yes")  # its turn never ran: the process died
    bobby.queue.turns.clear()
    bobby.queue.deliveries.clear()
    bobby.clock.advance(timedelta(minutes=6))
    swept = await bobby.sweep.execute()
    assert (swept.turns_queued, swept.deliveries_queued, swept.sends_interrupted) == (1, 1, 1)
    assert bobby.queue.turns == [(user_id, None)]
    assert bobby.store.messages[stuck.id].status is DeliveryStatus.FAILED
    assert bobby.store.messages[stuck.id].error_code == "interrupted"
    # It is failed, not resent: a reply is never sent twice.
    await bobby.deliver_waiting()
    assert all(s.reference != stuck.id for s in bobby.messenger.sent)
    assert bobby.messenger.sent


async def test_text_sent_before_consent_is_blanked_once_its_turn_has_run() -> None:
    bobby = Bobby()
    await bobby.say("hi, I had an awful day at work")
    assert [m.body for m in inbound(bobby)] == [""]
    await bobby.say("yes")
    await bobby.say("2")
    assert inbound(bobby)[-1].body == "2"


async def test_a_new_user_who_declines_keeps_nothing_they_wrote() -> None:
    bobby = Bobby()
    await bobby.say("hello there")
    await bobby.say("no")
    assert all(m.body == "" for m in inbound(bobby))


async def test_after_deleting_their_data_only_the_confirmation_is_sent_and_nothing_is_kept() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("delete my data")
    bobby.messenger.sent.clear()
    replies = (await bobby.send("yes")).replies
    assert len(replies) == 1
    assert replies[0].body == bobby.text("delete_data", "erased")
    assert [s.body for s in bobby.messenger.sent] == [replies[0].body]
    assert all(not rows for rows in bobby.store.tables().values()
               if rows is not bobby.store.processed_events and rows is not bobby.store.erasures)
    (erasure,) = bobby.store.erasures.values()  # the audit record, naming nobody
    assert erasure.completed_at is not None
    assert PHONE not in repr(erasure)


async def test_declining_to_carry_on_after_a_crisis_does_not_ask_the_exercise_again() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("I want to kill myself")
    replies = [r.body for r in (await bobby.send("no")).replies]
    assert not any("What's an event" in r for r in replies)
    assert bobby.texts.menu_header in replies[-1]
    assert not bobby.state().active


def turns_with(bobby: Bobby, *, typing: bool = False) -> RunTurns:
    """Another worker's RunTurns over the same store and fakes (`typing`: a real model's)."""
    return RunTurns(bobby.uow, bobby.clock, bobby.ids, bobby.conversation, bobby.queue,
                    bobby.deliver, bobby.container.get(FinishErasures), bobby.messenger,
                    typing=typing, deadline_seconds=30.0, quiet_hours=QuietHours())


async def test_the_typing_indicator_is_shown_on_the_inbound_message_and_its_failure_is_harmless() -> None:
    bobby = Bobby()
    turns = turns_with(bobby, typing=True)
    user_id = await receive(bobby, "hi", "SMtyping1")
    await turns.execute(RunTurnsCommand(user_id=user_id))
    await asyncio.sleep(0)
    assert bobby.messenger.typing == ["SMtyping1"]
    bobby.messenger.fail = True
    await receive(bobby, "yes", "SMtyping2")
    ran = await turns.execute(RunTurnsCommand(user_id=user_id))
    await asyncio.sleep(0)
    assert ran.turns == 1
    assert bobby.user().may_store


async def test_the_turn_sends_its_own_replies_unless_another_sender_is_busy() -> None:
    bobby = Bobby()
    user_id = await receive(bobby, "hi")
    await bobby.turns.execute(RunTurnsCommand(user_id=user_id))
    assert [s.body for s in bobby.messenger.sent] == [m.body for m in outbound(bobby)]
    assert bobby.queue.deliveries == []  # no send job was needed
    # A reply still being handed over by a send job: the next turn's replies wait behind it.
    first = outbound(bobby)[0]
    bobby.store.messages[first.id] = replace(first, status=DeliveryStatus.SENDING)
    bobby.messenger.sent.clear()
    await receive(bobby, "yes")
    await bobby.turns.execute(RunTurnsCommand(user_id=user_id))
    assert bobby.messenger.sent == []
    assert bobby.queue.deliveries == [(user_id, None)]
    assert {m.status for m in outbound(bobby)[2:]} == {DeliveryStatus.QUEUED}


async def test_a_turn_claims_its_replies_as_it_records_them_and_sends_them_itself() -> None:
    bobby = Bobby()
    user_id = await receive(bobby, "hi")
    ran = await bobby.turns.execute(RunTurnsCommand(user_id=user_id))
    replies = outbound(bobby)
    assert [s.body for s in bobby.messenger.sent] == [r.body for r in ran.replies]
    assert all(m.status is DeliveryStatus.SENT and m.attempts == 1 for m in replies)
    assert bobby.queue.deliveries == []


async def test_a_turns_replies_queue_behind_an_earlier_unsent_reply_and_keep_the_order() -> None:
    bobby = Bobby()
    user_id = await receive(bobby, "hi")
    bobby.messenger.failures = [DeliveryError("20429", permanent=False)]
    await bobby.turns.execute(RunTurnsCommand(user_id=user_id))
    earlier = outbound(bobby)
    assert earlier[0].status is DeliveryStatus.QUEUED  # refused for now, retried later
    await receive(bobby, "yes")
    await bobby.turns.execute(RunTurnsCommand(user_id=user_id))
    later = [m for m in outbound(bobby) if m not in earlier]
    assert later
    assert all(m.status is DeliveryStatus.QUEUED for m in later)
    assert bobby.queue.deliveries[-1] == (user_id, None)
    await bobby.deliver.execute(DeliverRepliesCommand(user_id=user_id))
    assert [s.body for s in bobby.messenger.sent] == [m.body for m in outbound(bobby)]


async def test_messages_arriving_together_are_stored_together_each_answered_for_itself() -> None:
    bobby = Bobby()
    phones = [f"+4477009001{n:02d}" for n in range(5)]
    sends = [(phone, f"message {n} from {phone}") for n in range(4) for phone in phones]
    results = await asyncio.gather(*[bobby.receive.execute(ReceiveMessageCommand(
        sender=f"whatsapp:{phone}", text=text, provider_message_id=f"SMgroup{i:04d}"))
        for i, (phone, text) in enumerate(sends)])
    stored = {m.id: m for m in inbound(bobby)}
    assert len(stored) == len(sends)
    assert [stored[r.message_id].body for r in results] == [text for _, text in sends]
    for phone in phones:
        user = next(u for u in bobby.store.users.values() if u.phone == phone)
        theirs = [m.body for m in inbound(bobby) if m.user_id == user.id]
        assert theirs == [text for p, text in sends if p == phone]  # arrival order kept
    # One waiting turn job per user (the queue drops the repeats), never one per message only.
    assert {u for u, _ in bobby.queue.turns} == {r.user_id for r in results}
    assert len(bobby.store.users) == len(phones)


async def test_two_copies_of_one_message_at_once_store_one_and_name_it_to_both() -> None:
    bobby = Bobby()
    first, copy = await asyncio.gather(*[bobby.receive.execute(ReceiveMessageCommand(
        sender=f"whatsapp:{PHONE}", text="hi", provider_message_id="SMtwice"))
        for _ in range(2)])
    assert len(inbound(bobby)) == 1
    assert (first.duplicate, copy.duplicate) == (False, True)
    assert copy.message_id == first.message_id


async def test_when_the_store_fails_every_message_of_the_batch_gets_the_error() -> None:
    bobby = Bobby()

    async def failing(self: object, messages: object) -> set[str]:
        raise ExternalServiceError("database", "down")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InMemoryInbox, "add", failing)
        done = await asyncio.gather(*[bobby.receive.execute(ReceiveMessageCommand(
            sender=f"whatsapp:{PHONE}", text=str(n), provider_message_id=f"SMfail{n}"))
            for n in range(3)], return_exceptions=True)
    assert all(isinstance(d, ExternalServiceError) for d in done)
    assert inbound(bobby) == []


async def test_a_message_the_store_refuses_fails_alone_and_the_rest_of_its_batch_is_stored() -> None:
    bobby = Bobby()
    real = InMemoryInbox.add

    async def refusing(self: InMemoryInbox, messages: Sequence[Message]) -> set[str]:
        if any(m.body == "poison" for m in messages):
            raise ConcurrentUpdateError("database constraint")
        return set(await real(self, messages))

    texts = ["one", "poison", "two", "three"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InMemoryInbox, "add", refusing)
        done = await asyncio.gather(*[bobby.receive.execute(ReceiveMessageCommand(
            sender=f"whatsapp:+4477009003{n:02d}", text=text, provider_message_id=f"SMp{n}"))
            for n, text in enumerate(texts)], return_exceptions=True)
    assert [isinstance(d, ConcurrentUpdateError) for d in done] == [False, True, False, False]
    assert sorted(m.body for m in inbound(bobby)) == ["one", "three", "two"]


async def test_when_the_database_is_away_a_batch_fails_at_once_not_one_message_after_another() -> None:
    bobby = Bobby()
    calls = 0

    async def away(self: object, messages: object) -> set[str]:
        nonlocal calls
        calls += 1
        raise ExternalServiceError("database", "OperationalError")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InMemoryInbox, "add", away)
        done = await asyncio.gather(*[bobby.receive.execute(ReceiveMessageCommand(
            sender=f"whatsapp:+4477009004{n:02d}", text="hi", provider_message_id=f"SMaway{n}"))
            for n in range(12)], return_exceptions=True)
    assert all(isinstance(d, ExternalServiceError) for d in done)
    # The first message alone, the eleven that came meanwhile together, then two of them
    # alone: the outage is plain, the other nine are answered without trying again.
    assert calls == 4


async def test_webhooks_at_once_share_transactions_instead_of_one_each() -> None:
    bobby = Bobby()
    opened = 0
    real = bobby.uow.__call__

    def counting() -> Any:
        nonlocal opened
        opened += 1
        return real()

    bobby.receive = ReceiveMessage(counting, bobby.clock, bobby.ids, bobby.queue,
                                   PhonenumbersZoneFinder())
    await asyncio.gather(*[bobby.receive.execute(ReceiveMessageCommand(
        sender=f"whatsapp:+4477009002{n:02d}", text="hi", provider_message_id=f"SMshare{n}"))
        for n in range(20)])
    assert len(inbound(bobby)) == 20
    assert opened <= 2  # the first message at once, the nineteen that came meanwhile together


async def test_a_turn_whose_sends_cannot_be_recorded_stands_and_is_not_decided_again() -> None:
    bobby = Bobby()
    user_id = await receive(bobby, "hi")

    async def clashing(self: object, changes: object) -> None:
        raise ConcurrentUpdateError("database constraint")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InMemoryOutbox, "set_statuses", clashing)
        ran = await bobby.turns.execute(RunTurnsCommand(user_id=user_id))
    assert ran.turns == 1
    assert all(m.handled_at is not None for m in inbound(bobby))
    assert [s.reference for s in bobby.messenger.sent] == [m.id for m in outbound(bobby)]  # once
    assert all(m.status is DeliveryStatus.SENDING for m in outbound(bobby))  # for the sweep
