"""`bobby users delete PHONE` asks for the phone again at a terminal; without one it needs --yes."""

from __future__ import annotations

import asyncio
import builtins
import sys
from datetime import UTC, datetime

import pytest

from bobby_core.model import User, UserId
from bobby_main.cli import main
from tests.conftest import open_factory

pytestmark = pytest.mark.integration

PHONE = "+447700900777"


async def _add_user(url: str) -> None:
    async for factory in open_factory(url):
        async with factory() as uow:
            await uow.users.add(User(id=UserId("user-to-erase"), phone=PHONE,
                                     created_at=datetime(2026, 12, 2, tzinfo=UTC)))
            await uow.commit()


async def _still_there(url: str) -> bool:
    async for factory in open_factory(url):
        async with factory() as uow:
            return await uow.users.get_by_phone(PHONE) is not None
    raise AssertionError("no factory")


@pytest.fixture
async def url(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    await _add_user(sqlite_url)
    return sqlite_url


def _at_a_terminal(monkeypatch: pytest.MonkeyPatch, typed: str) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)

    def answer(prompt: str = "") -> str:
        asked.append(prompt)
        return typed

    monkeypatch.setattr(builtins, "input", answer)
    return asked


async def test_without_a_terminal_and_without_yes_nothing_is_erased(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert await asyncio.to_thread(main, ["users", "delete", PHONE]) == 2
    assert "--yes" in capsys.readouterr().err
    assert await _still_there(url)


async def test_another_number_typed_at_the_terminal_erases_nothing(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    asked = _at_a_terminal(monkeypatch, "+447700900778")
    assert await asyncio.to_thread(main, ["users", "delete", PHONE]) == 1
    assert PHONE in asked[0]
    assert "not confirmed" in capsys.readouterr().err
    assert await _still_there(url)


async def test_the_same_number_typed_again_erases(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _at_a_terminal(monkeypatch, "+44 7700 900777")
    assert await asyncio.to_thread(main, ["users", "delete", PHONE]) == 0
    assert not await _still_there(url)


async def test_a_mistyped_phone_is_said_before_anything_is_asked(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    asked = _at_a_terminal(monkeypatch, PHONE)
    assert await asyncio.to_thread(main, ["users", "delete", "07700"]) == 1
    assert asked == []
    assert "international form" in capsys.readouterr().err
    assert await _still_there(url)
