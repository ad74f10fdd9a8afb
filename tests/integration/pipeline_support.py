"""Drive the real use cases from a wired container, with the worker's part run inline, and
wait for what a running worker does (for tests that go through the app)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from injector import Injector, Module, provider, singleton

from bobby_adapters.fakes import FakeMessenger
from bobby_adapters.memory import InMemoryStore
from bobby_core.model import DeliveryStatus, Direction, Message
from bobby_core.ports import Messenger, TaskQueue, UnitOfWorkFactory
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesCommand
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
from bobby_main.container import OfflineModule, build_container
from bobby_main.settings import Settings
from tests.unit.harness import Sent

PHONE = "+447700900123"


class Door:
    """One message at a time, the whole path: inbox, the user's turns, the outbox."""

    def __init__(self, container: Injector) -> None:
        self._receive = container.get(ReceiveMessage)
        self._turns = container.get(RunTurns)
        self._deliver = container.get(DeliverReplies)

    async def send(self, text: str, sid: str | None = None, phone: str = PHONE) -> Sent:
        got = await self._receive.execute(ReceiveMessageCommand(
            sender=f"whatsapp:{phone}", text=text, provider_message_id=sid))
        if got.duplicate:
            return Sent(user_id=got.user_id, replies=(), duplicate=True)
        ran = await self._turns.execute(RunTurnsCommand(user_id=got.user_id))
        await self._deliver.execute(DeliverRepliesCommand(user_id=got.user_id))
        return Sent(user_id=got.user_id, replies=ran.replies,
                    model_unavailable=ran.model_unavailable)


_PENDING = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)


def wait_for_replies(store: InMemoryStore, sid: str, timeout: float = 10.0) -> list[Message]:
    """The replies to the inbound message `sid` once its turn ran and they were sent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inbound = next((m for m in list(store.messages.values())
                        if m.provider_message_id == sid and m.direction is Direction.INBOUND),
                       None)
        if inbound is not None and inbound.handled_at is not None:
            replies = [m for m in list(store.messages.values()) if m.in_reply_to == inbound.id]
            if all(m.status not in _PENDING for m in replies):
                return replies
        time.sleep(0.02)
    raise AssertionError(f"no replies to {sid} within {timeout} s")


def wait_for_sends(store: InMemoryStore, messages: list[Message], timeout: float = 10.0) -> None:
    """Until each of these outbound messages has been handed to the messenger (or refused)."""
    deadline = time.monotonic() + timeout
    while any(store.messages[m.id].status in _PENDING for m in messages):
        if time.monotonic() > deadline:
            raise AssertionError(f"replies not sent within {timeout} s")
        time.sleep(0.02)


@asynccontextmanager
async def door_on(database_url: str) -> AsyncIterator[tuple[Door, Injector]]:
    """A Door on a real database, offline model, replies recorded; everything closed after."""
    container = build_container(Settings(_env_file=None, database_url=database_url),
                                OfflineModule(), RecordingMessengerModule())
    try:
        yield Door(container), container
    finally:
        queue: Any = container.get(TaskQueue)
        if hasattr(queue, "close"):
            await queue.close()
        uow: Any = container.get(UnitOfWorkFactory)
        await uow.dispose()


class RecordingMessengerModule(Module):
    """Replies go to a recording messenger the test can read."""

    @singleton
    @provider
    def messenger(self) -> Messenger:
        return FakeMessenger()
