"""Every reply, on every channel, is an outbox row that leaves through the one deliverer: the
turn's own replies, those a send job sends later, the model-down reply and the farewell after
an erasure (whose row then goes, so nothing of the user remains)."""

from __future__ import annotations

from collections.abc import Sequence

from injector import Module, provider, singleton

from bobby_adapters.fakes import SentMessage
from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.errors import DeliveryError
from bobby_core.model import Channel, DeliveryStatus, Direction, Message, Recipient, UserId
from bobby_core.ports import Clock, Messenger, TaskQueue, UnitOfWorkFactory
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesResult
from bobby_core.use_cases.receive_message import ReceiveMessageCommand
from tests.unit.harness import PHONE, Bobby
from tests.unit.llm_doubles import DownLanguageModel


class WatchedDeliverReplies(DeliverReplies):
    """The production deliverer, noting every outbox row it was handed."""

    handed: list[Message]

    async def send_claimed(self, user_id: UserId, to: Recipient,
                           batch: Sequence[Message]) -> DeliverRepliesResult:
        self.handed.extend(batch)
        return await super().send_claimed(user_id, to, batch)


class WatchModule(Module):
    @singleton
    @provider
    def deliver(self, uow: UnitOfWorkFactory, clock: Clock, messenger: Messenger,
                queue: TaskQueue, artefacts: ReplyArtefacts) -> DeliverReplies:
        watched = WatchedDeliverReplies(uow, clock, messenger, queue, artefacts)
        watched.handed = []
        return watched


def watched(**kwargs: object) -> tuple[Bobby, WatchedDeliverReplies]:
    bobby = Bobby(overrides=(WatchModule(),), **kwargs)  # type: ignore[arg-type]
    deliverer = bobby.deliver
    assert isinstance(deliverer, WatchedDeliverReplies)
    return bobby, deliverer


def through_the_outbox(deliverer: WatchedDeliverReplies, sent: list[SentMessage]) -> bool:
    """Each message the provider got was an outbox row handed to the deliverer."""
    rows: dict[str, Message] = {m.id: m for m in deliverer.handed}
    return bool(sent) and all(s.reference in rows and rows[s.reference].direction
                              is Direction.OUTBOUND for s in sent)


async def test_the_turns_own_replies_leave_through_the_deliverer() -> None:
    bobby, deliverer = watched()
    await bobby.send("hi")
    assert through_the_outbox(deliverer, bobby.messenger.sent)


async def test_replies_a_send_job_sends_later_leave_through_the_deliverer() -> None:
    bobby, deliverer = watched()
    bobby.messenger.failures = [DeliveryError("20429", permanent=False)]
    await bobby.receive.execute(ReceiveMessageCommand(sender=PHONE, text="hi"))
    await bobby.jobs.run_turns(bobby.user().id)
    assert bobby.queue.deliveries  # the send job the refusal left
    await bobby.deliver_waiting()
    assert through_the_outbox(deliverer, bobby.messenger.sent)
    assert all(m.status is DeliveryStatus.SENT for m in bobby.outbox())


async def test_the_model_down_reply_leaves_through_the_deliverer() -> None:
    bobby, deliverer = watched(llm=DownLanguageModel())
    await bobby.consented()
    await bobby.say("2")
    bobby.messenger.sent.clear()
    sent = await bobby.send("My manager criticised my report in front of everyone")
    assert sent.model_unavailable
    assert [s.body for s in bobby.messenger.sent] == [bobby.registry.texts.model_down]
    assert through_the_outbox(deliverer, bobby.messenger.sent)


async def test_the_farewell_after_an_erasure_leaves_through_the_deliverer_then_goes() -> None:
    bobby, deliverer = watched()
    await bobby.consented()
    await bobby.say("delete my data")
    bobby.messenger.sent.clear()
    await bobby.send("yes")
    [farewell] = bobby.messenger.sent
    assert farewell.to_phone == PHONE
    assert through_the_outbox(deliverer, bobby.messenger.sent)
    assert not bobby.store.messages  # the farewell's row went once it was sent
    assert not bobby.store.users


async def test_a_farewell_refused_for_now_waits_with_its_address_and_goes_once_sent() -> None:
    bobby, deliverer = watched()
    await bobby.consented()
    await bobby.say("delete my data")
    bobby.messenger.sent.clear()
    bobby.messenger.failures = [DeliveryError(None, permanent=False, detail="HTTP 500")]
    await bobby.receive.execute(ReceiveMessageCommand(sender=PHONE, text="yes"))
    await bobby.jobs.run_turns(UserId(next(iter(bobby.store.users))))
    [waiting] = bobby.store.messages.values()
    assert (waiting.status, waiting.address, waiting.in_reply_to) == (
        DeliveryStatus.QUEUED, PHONE, None)
    assert not bobby.store.users
    await bobby.deliver_waiting()
    assert [s.to_phone for s in bobby.messenger.sent] == [PHONE]
    assert through_the_outbox(deliverer, bobby.messenger.sent)
    assert not bobby.store.messages


async def test_the_web_chat_and_the_terminal_read_their_replies_from_the_outbox() -> None:
    bobby, deliverer = watched()
    for channel in (Channel.WEB, Channel.TERMINAL):
        phone = "+447700900201" if channel is Channel.WEB else "+447700900202"
        got = await bobby.receive.execute(ReceiveMessageCommand(
            sender=phone, text="hi", channel=channel))
        await bobby.jobs.run_turns(got.user_id)
        rows = [m for m in bobby.store.messages.values()
                if m.user_id == got.user_id and m.direction is Direction.OUTBOUND]
        assert rows
        assert all(m.status is DeliveryStatus.SENT and m.channel is channel for m in rows)
        assert {m.id for m in rows} <= {m.id for m in deliverer.handed}
    assert bobby.messenger.sent == []  # read back by the page and the command, never sent
