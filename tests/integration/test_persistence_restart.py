"""A Reflect session on a SQLite file survives a restart mid-exercise and continues in place."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bobby_core.model import ResultStatus
from bobby_core.ports import UnitOfWorkFactory
from bobby_main.container import build_container
from bobby_main.settings import Settings
from tests import flow_words as words
from tests.integration.pipeline_support import door_on

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PHONE = "+447700900444"
BEFORE = ["hi", "yes", "2", "My manager criticised my report today",
          "I always get things wrong and everyone notices"]
AFTER = ["I did get good feedback last month though",
         "I'd tell a friend one mistake doesn't define them",
         "Maybe he was simply stressed, not angry at me", "4"]


async def _say_all(database_url: str, texts: list[str]) -> list[str]:
    """One process lifetime: a fresh container, the messages, then the engine closed."""
    async with door_on(database_url) as (door, _):
        replies = []
        for text in texts:
            result = await door.send(text, phone=PHONE)
            replies.append("\n".join(r.body for r in result.replies))
        return replies


async def test_a_fresh_container_continues_reflect_at_the_same_step(sqlite_url: str) -> None:
    before = await _say_all(sqlite_url, BEFORE)
    assert words.question("reflect", "socratic_loop", 1) in before[-1]
    after = await _say_all(sqlite_url, AFTER)
    assert words.text("reflect", "feel_after") in after[-2]
    assert words.text("reflect", "thanks") in after[-1]

    settings = Settings(_env_file=None, database_url=sqlite_url)
    uow = build_container(settings).get(UnitOfWorkFactory)
    async with uow() as work:
        user = await work.users.get_by_phone(PHONE)
        assert user is not None
        [result] = await work.results.list_for_flows(user.id, {"reflect"})
    await uow.dispose()  # type: ignore[attr-defined]
    assert result.status is ResultStatus.FINISHED
    assert result.feel_after == 4
    assert result.fields["event"] == BEFORE[3]
    assert result.fields["belief"] == BEFORE[4]
    talk = result.fields["socratic_talk"]
    assert [t["content"] for t in talk if t["role"] == "user"] == AFTER[:3]


def _chat(tmp_path: Path, database_url: str, lines: list[str]) -> str:
    env = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": database_url,
           "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "bobby_main.cli", "chat", "--phone", PHONE],
        input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_bobby_chat_resumes_after_the_process_restarts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chat.db'}"  # not migrated: chat creates the tables itself
    first = _chat(tmp_path, url, BEFORE)
    assert words.question("reflect", "socratic_loop", 1) in first
    second = _chat(tmp_path, url, AFTER)
    assert words.text("reflect", "feel_after") in second
    assert words.text("reflect", "thanks") in second
    assert words.text("reflect", "event") not in second  # it did not start over
