"""The outbox records what it handed over even when the database fails right then: a short
outage must not leave replies the user already has looking interrupted (and failed later)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest

from bobby_adapters.disabled import FreePaymentGateway
from bobby_adapters.fakes import (
    FakeChartRenderer,
    FakeClock,
    FakeMessenger,
    FakeTaskQueue,
    InMemoryMediaStorage,
)
from bobby_adapters.memory import InMemoryUnitOfWork, InMemoryUnitOfWorkFactory
from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.errors import ExternalServiceError
from bobby_core.model import DeliveryStatus, Direction, Message, MessageId, User, UserId
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesCommand

USER = UserId("u1")


class FlakyUnitOfWorkFactory(InMemoryUnitOfWorkFactory):
    """Opens fail (as a database that went away) once `fail_from` opens have succeeded."""

    def __init__(self, fail_from: int, failures: int) -> None:
        super().__init__()
        self.opened, self.fail_from, self.failures = 0, fail_from, failures

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[InMemoryUnitOfWork]:
        self.opened += 1
        if self.opened > self.fail_from and self.failures > 0:
            self.failures -= 1
            raise ExternalServiceError("database", "OperationalError")
        async with super().__call__() as uow:
            yield uow


def outbox(uow: InMemoryUnitOfWorkFactory) -> None:
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    uow.store.users[USER] = User(id=USER, phone="+447700900123", created_at=now)
    uow.store.messages["r1"] = Message(id=MessageId("r1"), user_id=USER, body="hello",
                                       direction=Direction.OUTBOUND, created_at=now,
                                       status=DeliveryStatus.QUEUED)


def deliver(uow: InMemoryUnitOfWorkFactory, messenger: FakeMessenger) -> DeliverReplies:
    artefacts = ReplyArtefacts(FakeChartRenderer(), InMemoryMediaStorage(), FreePaymentGateway())
    return DeliverReplies(uow, FakeClock(), messenger, FakeTaskQueue(), artefacts,
                          record_retry_delays=(0.0, 0.0, 0.0))


async def test_a_reply_recorded_after_two_failed_tries_is_sent_once_and_marked_sent() -> None:
    uow, messenger = FlakyUnitOfWorkFactory(fail_from=1, failures=2), FakeMessenger()
    outbox(uow)
    done = await deliver(uow, messenger).execute(DeliverRepliesCommand(user_id=USER))
    assert done.sent == 1
    assert [s.body for s in messenger.sent] == ["hello"]
    assert uow.store.messages["r1"].status is DeliveryStatus.SENT


async def test_a_database_that_stays_away_leaves_the_reply_sending_never_sent_twice() -> None:
    uow, messenger = FlakyUnitOfWorkFactory(fail_from=1, failures=10), FakeMessenger()
    outbox(uow)
    with pytest.raises(ExternalServiceError):
        await deliver(uow, messenger).execute(DeliverRepliesCommand(user_id=USER))
    assert len(messenger.sent) == 1
    assert uow.store.messages["r1"].status is DeliveryStatus.SENDING
