"""Events of one subscription handled at the same time, on real databases, merge as if they had
come one after the other (the subscription's lock serialises the read-merge-write)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bobby_adapters.disabled import NoMailingList
from bobby_adapters.fakes import FakeClock
from bobby_adapters.fakes_billing import GOOD_SIGNATURE, FakePaymentGateway
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.model import User, UserId
from bobby_core.subscriptions.access import AccessRules
from bobby_core.use_cases.handle_billing_event import HandleBillingEvent, HandleBillingEventCommand
from bobby_core.use_cases.sync_mailing_list import SyncMailingList
from tests.conftest import open_factory
from tests.unit.test_subscription_order import LIFE, fold

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("order", ["in order", "reversed"])
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_concurrent_events_of_one_subscription_end_as_in_order(
        backend: str, order: str, request: pytest.FixtureRequest) -> None:
    url: str = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "clean_postgres_url")
    async for uow in open_factory(url):
        await run(uow, reverse=order == "reversed")


async def run(uow: SqlAlchemyUnitOfWorkFactory, *, reverse: bool) -> None:
    clock = FakeClock(datetime(2026, 3, 1, tzinfo=UTC))
    gateway = FakePaymentGateway()
    handle = HandleBillingEvent(uow, gateway, clock, AccessRules(),
                                SyncMailingList(uow, NoMailingList(), clock))
    async with uow() as work:
        await work.users.add(User(id=UserId("u1"), phone="+447700900123", created_at=clock.now()))
        await work.commit()
    payloads = [gateway.deliver(e) for e in LIFE]
    # Every event at once, three of them twice, and (reversed) the last-made first.
    arriving = [*payloads, *payloads[:3]]
    commands = [HandleBillingEventCommand(payload=p, signature=GOOD_SIGNATURE, source=gateway.name)
                for p in (reversed(arriving) if reverse else arriving)]
    outcomes = await asyncio.gather(*(handle.execute(c) for c in commands))
    assert sorted(o.outcome.value for o in outcomes).count("applied") == len(LIFE)
    async with uow() as work:
        stored = await work.subscriptions.get("sub_1")
    expected = fold(LIFE)
    assert stored == expected
