"""Reminders sent by real queues: two `bobby worker` processes on PostgreSQL send a due
reminder exactly once; the in-process queue on SQLite finds a reminder again after a restart."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bobby_adapters.fakes import FakeMessenger
from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.in_process import InProcessTaskQueue
from bobby_core.model import (
    ConsentStatus,
    Direction,
    Message,
    MessageId,
    Reminder,
    ReminderStatus,
    User,
    UserId,
)
from bobby_core.ports import Messenger, TaskQueue, UnitOfWorkFactory
from bobby_main.container import build_container
from bobby_main.settings import Settings
from tests.integration.fake_twilio import FakeTwilio
from tests.integration.pipeline_support import RecordingMessengerModule, door_on

pytestmark = pytest.mark.integration
SID, TOKEN = "AC" + "7" * 32, "secret-token"
TEMPLATE = "HX" + "b" * 32


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    server = FakeTwilio(SID, TOKEN).start()
    yield server
    server.stop()


async def user_with_reminders(uow: UnitOfWorkFactory, phone: str,
                              *dues: datetime) -> list[Reminder]:
    """A consented user who wrote an hour ago (inside the window), with reminders due at `dues`."""
    now = datetime.now(UTC)
    user = User(id=UserId(f"u{phone[-6:]}"), phone=phone, consent=ConsentStatus.GIVEN,
                profile_name="Sam Jones", created_at=now - timedelta(days=3))
    reminders = [Reminder(id=f"rem{n}{phone[-4:]}", user_id=user.id, kind=f"custom{n}",
                          due_at=due, created_at=now - timedelta(days=2), flow_id="reflect")
                 for n, due in enumerate(dues)]
    async with uow() as work:
        await work.users.add(user)
        await work.inbox.add([Message(
            id=MessageId(f"in{phone[-6:]}"), user_id=user.id, direction=Direction.INBOUND,
            body="", created_at=now - timedelta(hours=1), handled_at=now - timedelta(hours=1))])
        for reminder in reminders:
            await work.reminders.replace_pending(reminder)
        await work.commit()
    return reminders


async def statuses(uow: UnitOfWorkFactory, *reminders: Reminder) -> list[ReminderStatus | None]:
    async with uow() as work:
        stored = [await work.reminders.get(r.id) for r in reminders]
    return [r.status if r is not None else None for r in stored]


async def eventually(check: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("not within the time allowed")
        await asyncio.sleep(0.1)


@pytest.mark.postgres
async def test_two_workers_on_postgresql_send_a_due_reminder_exactly_once(
        clean_postgres_url: str, twilio: FakeTwilio,
        workers: Callable[..., Any]) -> None:
    async with door_on(clean_postgres_url) as (_, app):
        uow = app.get(UnitOfWorkFactory)
        now = datetime.now(UTC)
        # One reminder falls due in a moment (its job is queued now); the other fell due a
        # minute ago and has no job at all: both workers' start-up sweeps find it at once.
        on_time, overdue = await user_with_reminders(
            uow, "+447700900555", now + timedelta(seconds=3), now - timedelta(minutes=1))
        await app.get(TaskQueue).schedule_reminder(on_time.user_id, on_time.kind, on_time.id,
                                                   on_time.due_at)
        env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN,
               "WHATSAPP_NUMBER": "+14155238886", "TWILIO_API_BASE_URL": twilio.base_url,
               "TWILIO_REMINDER_CONTENT_SID": TEMPLATE}
        workers(**env)
        workers(**env)
        await eventually(lambda: len(twilio.sent) >= 2, within=60)
        await asyncio.sleep(4)  # time for a second copy to show up, if there were one
        assert len(twilio.sent) == 2
        assert all("Body" in form and "ContentSid" not in form for form in twilio.sent)
        assert await statuses(uow, on_time, overdue) == [ReminderStatus.SENT] * 2


async def run_in_process(settings: Settings, seconds: float,
                         until: Callable[[FakeMessenger], bool] | None = None) -> FakeMessenger:
    """Start a process's worker (its start-up sweep runs first), let it run, stop it."""
    container = build_container(settings, RecordingMessengerModule())
    queue = container.get(TaskQueue)
    assert isinstance(queue, InProcessTaskQueue)
    messenger = container.get(Messenger)
    assert isinstance(messenger, FakeMessenger)
    stop = asyncio.Event()
    task = asyncio.create_task(queue.run_worker(container.get(JobHandlers), concurrency=10,
                                                stop=stop))
    if until is not None:
        await eventually(lambda: until(messenger), within=30)
    await asyncio.sleep(seconds)
    stop.set()
    await task
    await container.get(UnitOfWorkFactory).dispose()  # type: ignore[attr-defined]
    return messenger


async def test_the_in_process_queue_sends_a_reminder_due_while_it_was_down_once(
        sqlite_url: str) -> None:
    settings = Settings(_env_file=None, database_url=sqlite_url)
    setup = build_container(settings)
    uow = setup.get(UnitOfWorkFactory)
    now = datetime.now(UTC)
    # Due half a minute ago, while no process ran; a second one is two days late.
    missed, stale = await user_with_reminders(uow, "+447700900556", now - timedelta(seconds=30),
                                              now - timedelta(days=2))
    await uow.dispose()  # type: ignore[attr-defined]
    back = await run_in_process(settings, 1.0, until=lambda m: len(m.sent) >= 1)
    assert len(back.sent) == 1
    again = await run_in_process(settings, 1.5)  # a second restart sends nothing more
    assert again.sent == []
    check = build_container(settings).get(UnitOfWorkFactory)
    async with check() as work:
        sent, skipped = await work.reminders.get(missed.id), await work.reminders.get(stale.id)
    await check.dispose()  # type: ignore[attr-defined]
    assert sent is not None
    assert sent.status is ReminderStatus.SENT
    assert skipped is not None
    assert (skipped.status, skipped.reason) == (ReminderStatus.SKIPPED, "more than a day late")
