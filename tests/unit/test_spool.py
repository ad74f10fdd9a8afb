"""The inbox's spool: a message the database cannot take within the bound is kept and taken,
then drained into the inbox once, in arrival order per user; only when the spool cannot take it
either is the webhook refused."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from bobby_adapters.memory_messages import InMemoryInbox
from bobby_adapters.memory_spool import InMemoryInboxSpool
from bobby_core.errors import ExternalServiceError, InvalidPhoneError
from bobby_core.model import Direction, Message
from bobby_core.use_cases.accept_message import AcceptInboundMessage
from bobby_core.use_cases.drain_spool import DrainSpool
from bobby_core.use_cases.receive_message import ReceiveMessageCommand
from tests.unit.harness import Bobby

BOUND = timedelta(seconds=0.05)
ANA, BEN = "+447700900501", "+447700900502"


class Database:
    """The inbox's writes, as the database would take them: `up`, `refused` or `frozen`
    (hanging until `thaw()`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.state = "up"
        self._thawed = asyncio.Event()
        real = InMemoryInbox.add

        async def add_inbound(repo: InMemoryInbox,
                              messages: list[Message]) -> set[str]:
            if self.state == "refused":
                raise ExternalServiceError("database", "OperationalError")
            if self.state == "frozen":
                await self._thawed.wait()
            return set(await real(repo, messages))

        monkeypatch.setattr(InMemoryInbox, "add", add_inbound)

    def thaw(self) -> None:
        self.state = "up"
        self._thawed.set()


class Inbox:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bobby = Bobby()
        self.database = Database(monkeypatch)
        self.spool = InMemoryInboxSpool()
        self.accept = AcceptInboundMessage(self.bobby.receive, self.spool, self.bobby.clock,
                                           BOUND)
        self.drain = DrainSpool(self.spool, self.bobby.receive)

    async def post(self, phone: str, sid: str, text: str = "hi") -> bool:
        done = await self.accept.execute(ReceiveMessageCommand(
            sender=f"whatsapp:{phone}", text=text, provider_message_id=sid))
        return done.spooled

    def stored(self) -> list[Message]:
        return sorted((m for m in self.bobby.uow.store.messages.values()
                       if m.direction is Direction.INBOUND), key=lambda m: m.created_at)

    def sids(self) -> list[str | None]:
        return [m.provider_message_id for m in self.stored()]


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Inbox:
    return Inbox(monkeypatch)


async def test_a_message_the_database_refuses_is_spooled_then_stored_once_with_its_arrival_time(
        inbox: Inbox) -> None:
    inbox.database.state = "refused"
    arrived = inbox.bobby.clock.now()
    assert await inbox.post(ANA, "SMa1") is True
    assert inbox.stored() == []
    inbox.bobby.clock.advance(timedelta(minutes=3))
    assert (await inbox.drain.execute()).empty is False  # still away: kept for the next try
    assert len(inbox.spool.records) == 1
    inbox.database.state = "up"
    drained = await inbox.drain.execute()
    assert (drained.stored, drained.empty) == (1, True)
    (message,) = inbox.stored()
    assert (message.provider_message_id, message.created_at) == ("SMa1", arrived)
    assert inbox.spool.records == []
    assert inbox.bobby.queue.turns  # its turn is queued like any other


async def test_a_database_that_hangs_is_waited_for_only_within_the_bound(inbox: Inbox) -> None:
    inbox.database.state = "frozen"
    assert await inbox.post(ANA, "SMa1") is True  # the webhook is answered; the write hangs
    assert await inbox.post(BEN, "SMb1") is True  # straight to the spool, behind the first
    inbox.database.thaw()
    await asyncio.sleep(0)  # the hung write finishes: the first message is stored by it
    for _ in range(100):
        if inbox.sids() == ["SMa1"]:
            break
        await asyncio.sleep(0.01)
    await inbox.drain.execute()
    assert inbox.sids() == ["SMa1", "SMb1"]  # the spooled copy of SMa1 was stored already


async def test_while_the_spool_holds_messages_new_ones_queue_behind_them(inbox: Inbox) -> None:
    inbox.database.state = "refused"
    await inbox.post(ANA, "SMa1")
    inbox.database.state = "up"
    assert await inbox.post(ANA, "SMa2") is True  # storing it now would overtake SMa1
    await inbox.post(BEN, "SMb1")
    await inbox.drain.execute()
    assert sorted(inbox.sids(), key=str) == ["SMa1", "SMa2", "SMb1"]
    assert [s for s in inbox.sids() if s and s.startswith("SMa")] == ["SMa1", "SMa2"]
    assert await inbox.post(ANA, "SMa3") is False  # the spool is empty: stored at once
    assert inbox.sids()[-1] == "SMa3"


async def test_callers_that_stop_waiting_let_no_later_write_overtake_the_hung_one(
        inbox: Inbox) -> None:
    inbox.database.state = "frozen"
    assert await inbox.post(ANA, "SMa1") is True  # its write hangs; its caller has gone
    inbox.spool.records.clear()  # (only what the inbox writes matters here)
    waiting = asyncio.create_task(inbox.post(BEN, "SMb1"))  # waits its turn, then gives up
    assert await waiting is True
    inbox.database.state = "up"  # new writes would go through at once...
    later = asyncio.create_task(inbox.bobby.receive.execute(ReceiveMessageCommand(
        sender=f"whatsapp:{ANA}", text="two", provider_message_id="SMa2")))
    for _ in range(5):
        await asyncio.sleep(0.01)
    assert inbox.sids() == []  # ...but not before the hung one
    inbox.database.thaw()
    await later
    # SMb1 was withdrawn when its caller gave up (it is in the spool, drained in its order).
    assert inbox.sids() == ["SMa1", "SMa2"]


async def test_when_the_spool_cannot_be_written_either_the_webhook_is_refused(
        inbox: Inbox) -> None:
    inbox.database.state = "refused"
    inbox.spool.broken = True
    with pytest.raises(ExternalServiceError):
        await inbox.post(ANA, "SMa1")


async def test_bad_input_and_messages_without_a_provider_id_are_never_spooled(
        inbox: Inbox) -> None:
    inbox.database.state = "refused"
    with pytest.raises(InvalidPhoneError):
        await inbox.post("not a phone", "SMx")
    with pytest.raises(ExternalServiceError):  # a replay could not be told from a new one
        await inbox.accept.execute(ReceiveMessageCommand(sender=f"whatsapp:{ANA}", text="hi"))
    assert inbox.spool.records == []


async def test_a_record_the_inbox_refuses_for_good_is_set_aside_not_retried_for_ever(
        inbox: Inbox) -> None:
    inbox.database.state = "refused"
    await inbox.post(ANA, "SMa1")
    await inbox.post(BEN, "SMb1")
    inbox.database.state = "up"
    poisoned = inbox.spool.records[0]
    inbox.spool.records[0] = replace(poisoned,
                                     message=replace(poisoned.message, sender="whatsapp:+0"))
    drained = await inbox.drain.execute()
    assert (drained.stored, drained.empty) == (1, True)
    assert inbox.sids() == ["SMb1"]
    assert [r.key for r in inbox.spool.held] == [poisoned.key]


async def test_a_drain_the_database_takes_only_in_part_never_stores_a_later_message_first(
        inbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox.database.state = "refused"
    for phone, sid in ((ANA, "SMa1"), (ANA, "SMa2"), (BEN, "SMb1")):
        await inbox.post(phone, sid)
    inbox.database.state = "up"
    # The database takes every write but SMa1's first (a connection it had dropped, say).
    patched = InMemoryInbox.add
    failed: list[str] = []

    async def once(repo: InMemoryInbox, messages: list[Message]) -> set[str]:
        if any(m.provider_message_id == "SMa1" for m in messages) and not failed:
            failed.append("SMa1")
            raise ExternalServiceError("database", "OperationalError")
        return set(await patched(repo, messages))

    monkeypatch.setattr(InMemoryInbox, "add", once)
    assert (await inbox.drain.execute()).empty is False
    assert "SMa2" not in inbox.sids()  # not ahead of SMa1, which waits for the next drain
    assert (await inbox.drain.execute()).empty is True
    assert [s for s in inbox.sids() if s and s.startswith("SMa")] == ["SMa1", "SMa2"]
