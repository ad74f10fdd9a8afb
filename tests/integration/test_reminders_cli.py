"""`bobby reminders list` on a real database, and revision 0009 filling in time zones."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from bobby_adapters.sqlalchemy.migrate import alembic_config
from bobby_core.model import (
    ConsentStatus,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    Reminder,
    ReminderStatus,
    User,
    UserId,
)
from bobby_core.ports import UnitOfWorkFactory
from bobby_main.cli import main
from tests.conftest import open_factory

pytestmark = pytest.mark.integration
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PHONE = "+447700900888"


async def _store(uow: UnitOfWorkFactory) -> None:
    user = User(id=UserId("user0123456789"), phone=PHONE, consent=ConsentStatus.GIVEN,
                created_at=T0)
    failed = Message(id=MessageId("out-1"), user_id=user.id, direction=Direction.OUTBOUND,
                     body="Hi Sam, private reminder text", created_at=T0,
                     status=DeliveryStatus.FAILED, error_code="63016")
    async with uow() as work:
        await work.users.add(user)
        await work.outbox.add([failed])
        await work.reminders.replace_pending(Reminder(
            id="r-sent", user_id=user.id, kind="custom", due_at=T0, created_at=T0,
            status=ReminderStatus.SENT, message_id=failed.id, reason="text"))
        await work.reminders.replace_pending(Reminder(
            id="r-skip", user_id=user.id, kind="boundaries_day", due_at=T0 + timedelta(days=1),
            created_at=T0, status=ReminderStatus.SKIPPED,
            reason="outside the 24h window, no template configured"))
        await work.commit()


async def _fill(url: str) -> None:
    async for uow in open_factory(url):
        await _store(uow)


def test_the_list_shows_outcomes_and_error_codes_without_text_or_numbers(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_fill(sqlite_url))
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["reminders", "list"]) == 0
    out = capsys.readouterr().out
    skipped, failed = out.splitlines()[1:3]
    assert "boundaries_day" in skipped
    assert "skipped" in skipped
    assert "no template configured" in skipped
    assert "failed" in failed
    assert "63016" in failed
    assert "user0123" in failed
    assert PHONE not in out
    assert "private" not in out


def test_revision_0009_gives_existing_users_the_zone_of_their_phone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0008")
        conn.execute(text(
            "INSERT INTO users (id, phone, consent, opted_out, time_zone, created_at) VALUES "
            "('ny', '+12125550123', 'given', 0, 'UTC', '2026-01-01 00:00:00'), "
            "('set', '+33612345678', 'given', 0, 'Asia/Tokyo', '2026-01-01 00:00:00')"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        zones: dict[str, str] = {row[0]: row[1] for row in conn.execute(
            text("SELECT id, time_zone FROM users")).all()}
    engine.dispose()
    assert zones == {"ny": "America/New_York", "set": "Asia/Tokyo"}
