"""`delete my data` in the chat and `bobby users delete PHONE` erase a user everywhere, on
SQLite and PostgreSQL: afterwards no row of any table (the whole schema, and procrastinate's
tables on PostgreSQL) and no file in the media directory mentions their phone, id, name or
address, the mailing-list contact is gone at the provider, and an audit record remains."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from injector import Injector
from sqlalchemy import text

from bobby_adapters.sqlalchemy.tables import Base
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.model import UserId
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.ports.stats import OperatorStats
from bobby_core.subscriptions.access import Access
from bobby_core.subscriptions.mailing import wanted_subscription
from bobby_core.subscriptions.model import Subscription, SubscriptionStatus
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
from bobby_core.use_cases.sync_mailing_list import SyncMailingList, SyncMailingListCommand
from bobby_main.asgi import resources
from bobby_main.cli import main
from bobby_main.container import OfflineModule, build_container
from bobby_main.settings import Settings
from tests.integration.fake_emailoctopus import LIST_ID, TOKEN, FakeEmailOctopus
from tests.integration.pipeline_support import RecordingMessengerModule

pytestmark = pytest.mark.integration

PHONE = "+447700900417"
NAME = "Quillon Marchetti"
EMAIL = "quillon.marchetti@example.com"
PUBLIC = "https://bobby.example"
BURNOUT = ["1", "2", "2", "1", "1", "2", "2", "3", "2", "1", "1", "2"]
PROCRASTINATE = ("procrastinate_jobs", "procrastinate_events", "procrastinate_periodic_defers",
                 "procrastinate_workers")


@pytest.fixture
def octopus() -> Iterator[FakeEmailOctopus]:
    server = FakeEmailOctopus().start()
    yield server
    server.stop()


def values(database_url: str, media: Path, octopus: FakeEmailOctopus) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "MEDIA_DIR": str(media), "PUBLIC_BASE_URL": PUBLIC,
            "EMAILOCTOPUS_API_KEY": TOKEN, "EMAILOCTOPUS_LIST_ID": LIST_ID,
            "EMAILOCTOPUS_API_BASE": octopus.base_url}


@pytest.fixture
async def container(database_url: str, tmp_path: Path,
                    octopus: FakeEmailOctopus) -> AsyncIterator[Injector]:
    given: dict[str, Any] = {k.lower(): v for k, v in
                             values(database_url, tmp_path / "media", octopus).items()}
    built = build_container(Settings(_env_file=None, **given), OfflineModule(),
                            RecordingMessengerModule())
    async with resources(built, worker=False):
        yield built


async def say(container: Injector, words: str) -> UserId:
    """One WhatsApp message through the inbox and the user's turn (the worker's part inline)."""
    got = await container.get(ReceiveMessage).execute(ReceiveMessageCommand(
        sender=f"whatsapp:{PHONE}", text=words, provider_user_id=PHONE.lstrip("+"),
        profile_name=NAME))
    await container.get(RunTurns).execute(RunTurnsCommand(user_id=got.user_id))
    return got.user_id


async def a_user_with_everything(container: Injector) -> UserId:
    """Messages, a result with its chart, a reminder, a safety event, usage, a subscription, a
    mailing-list contact, queued jobs (an idle exercise)."""
    user_id = await say(container, "hi")
    for words in ["yes", "Burnout Check-In", *BURNOUT, "yes", "2",
                  "I want to end my life", "no", "Burnout Check-In", "1"]:
        await say(container, words)
    uow = container.get(UnitOfWorkFactory)
    async with uow() as tx:
        started = (await tx.results.list_for_flows(user_id, {"burnout"}))[0].started_at
        await tx.subscriptions.save(Subscription(
            id="sub_quillon", status=SubscriptionStatus.ACTIVE, as_of=started,
            period_end=started + timedelta(days=30), user_id=user_id, customer_id="cus_quillon"))
        await tx.mailing.want(wanted_subscription(EMAIL, user_id, Access(allowed=True)))
        await tx.commit()
    await container.get(SyncMailingList).execute(SyncMailingListCommand())
    return user_id


async def mentions(container: Injector, needles: list[str]) -> dict[str, int]:
    """Rows per table whose raw values (as stored) contain any of `needles`."""
    uow = container.get(UnitOfWorkFactory)
    assert isinstance(uow, SqlAlchemyUnitOfWorkFactory)
    names = [t.name for t in Base.metadata.sorted_tables]
    found: dict[str, int] = {}
    async with uow.engine.connect() as conn:
        if uow.engine.dialect.name == "postgresql":
            names += list(PROCRASTINATE)
        for name in names:
            rows = (await conn.execute(text(f'SELECT * FROM "{name}"'))).all()  # noqa: S608
            hits = sum(1 for row in rows if any(n in repr(tuple(row)) for n in needles))
            if hits:
                found[name] = hits
    return found


def files_mentioning(media: Path, needles: list[str]) -> list[str]:
    return [p.name for p in media.rglob("*") if p.is_file()
            and any(n.encode() in p.read_bytes() for n in needles)]


@pytest.mark.parametrize("door", ["chat", "operator"])
async def test_nothing_mentions_an_erased_user_anywhere(
        door: str, container: Injector, database_url: str, tmp_path: Path,
        octopus: FakeEmailOctopus, monkeypatch: pytest.MonkeyPatch) -> None:
    media = tmp_path / "media"
    user_id = await a_user_with_everything(container)
    needles = [PHONE, PHONE.lstrip("+"), user_id, NAME, EMAIL]
    charts = sorted(p.name for p in media.iterdir())
    assert charts  # the burnout chart
    before = await mentions(container, needles)
    assert {"users", "messages", "exercise_results", "safety_events", "reminders",
            "subscriptions", "mailing_sync", "conversations"} <= set(before)
    if database_url.startswith("postgres"):
        assert "procrastinate_jobs" in before  # the reminder and the idle check
    assert list(octopus.contacts)

    if door == "chat":
        await say(container, "delete my data")
        await say(container, "yes")
        # The sweep pushes the mailing-list deletion (the contact was kept only as a key).
        await container.get(SyncMailingList).execute(SyncMailingListCommand())
    else:
        for name, value in values(database_url, media, octopus).items():
            monkeypatch.setenv(name, value)
        assert await asyncio.to_thread(main, ["users", "delete", PHONE, "--yes"]) == 0

    assert await mentions(container, needles) == {}
    assert [p.name for p in media.iterdir()] == []
    assert files_mentioning(media, needles) == []
    assert octopus.contacts == {}
    uow = container.get(UnitOfWorkFactory)
    async with uow() as tx:
        assert await tx.erasures.unfinished(5) == []
        assert await tx.users.get_by_phone(PHONE) is None
    (erasure,) = await container.get(OperatorStats).erasures(5)  # the admin's page
    assert erasure.completed_at is not None
    assert erasure.media_removed == len(charts)
    assert erasure.source == ("whatsapp" if door == "chat" else "operator")
