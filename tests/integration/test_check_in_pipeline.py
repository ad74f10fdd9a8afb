"""The classifier's warning sign through the real pipeline, on SQLite and PostgreSQL, with the
settings' defaults: a passive wish the rules have no pattern for gets the gentle check-in
before the turn's own reply, the time is kept with the conversation, and the next warning the
same day gets none."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from injector import Injector

from bobby_adapters.sklearn_screener import ScikitLearnCrisisScreener
from bobby_core.engine.flow import FlowRegistry
from bobby_core.ports import UnitOfWorkFactory
from tests.integration.pipeline_support import Door, door_on

pytestmark = pytest.mark.integration

PHONE = "+447700900654"
UNSAID = "I don't see myself still being here next spring"
"""Rules: no pattern (a passive wish to die said without death words); classifier: 0.99."""


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def pipeline(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Door, Injector]]:
    fixture = "sqlite_url" if request.param == "sqlite" else "clean_postgres_url"
    async with door_on(request.getfixturevalue(fixture)) as opened:
        yield opened


async def test_a_warning_sign_gets_the_check_in_once_and_the_time_is_kept(
        pipeline: tuple[Door, Injector]) -> None:
    door, container = pipeline
    await ScikitLearnCrisisScreener().ready()  # it trains in the background from start-up
    await door.send("hi", "SMc1", PHONE)
    await door.send("yes", "SMc2", PHONE)
    first = await door.send(UNSAID, "SMc3", PHONE)
    again = await door.send(UNSAID, "SMc4", PHONE)
    opening = container.get(FlowRegistry).texts.check_in.strip().splitlines()[0]
    assert first.replies[0].body.startswith(opening)
    assert len(first.replies) >= 2  # the turn's own reply follows
    assert not any(r.body.startswith(opening) for r in again.replies)
    async with container.get(UnitOfWorkFactory)() as work:
        user = await work.users.get_by_phone(PHONE)
        assert user is not None
        state = await work.conversations.get(user.id)
    assert state is not None
    assert state.checked_in_at is not None
