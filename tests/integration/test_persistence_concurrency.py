"""Two OS processes handle messages from the same user at the same moment, on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.model import ConversationState, Role
from bobby_core.use_cases.handle_inbound_message import HandleInboundMessageCommand
from tests.integration.persistence_worker import build

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
PHONE = "+447700900555"


async def _into_the_socratic_loop(url: str) -> None:
    handle, uow = build(url, OfflineLanguageModel())
    try:
        for text in ["hi", "yes", "2", "My manager criticised my report today",
                     "I always get things wrong and everyone notices"]:
            await handle.execute(HandleInboundMessageCommand(sender=PHONE, text=text))
    finally:
        await uow.dispose()


async def _state(url: str) -> ConversationState:
    factory = SqlAlchemyUnitOfWorkFactory(create_engine(url))
    try:
        async with factory() as work:
            user = await work.users.get_by_phone(PHONE)
            assert user is not None
            state = await work.conversations.get(user.id)
            assert state is not None
            return state
    finally:
        await factory.dispose()


def _at_once(url: str, *messages: tuple[str, str]) -> list[dict[str, Any]]:
    # Both workers import, connect and then wait for the same instant before sending.
    start_at = time.time() + 3.0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    workers = [subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.integration.persistence_worker", url, PHONE, text, sid,
         str(start_at)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True) for text, sid in messages]
    outputs = []
    for worker in workers:
        stdout, stderr = worker.communicate(timeout=90)
        assert worker.returncode == 0, stderr[-3000:]
        outputs.append(json.loads(stdout.strip().splitlines()[-1]))
    return outputs


async def test_two_messages_at_once_are_two_turns_one_after_the_other(
        clean_postgres_url: str) -> None:
    url = clean_postgres_url
    await _into_the_socratic_loop(url)
    before = await _state(url)
    texts = ["I did get good feedback last month though",
             "I'd tell a friend one mistake doesn't define them"]
    first, second = _at_once(url, (texts[0], "SMconc0001"), (texts[1], "SMconc0002"))
    after = await _state(url)

    assert after.version == before.version + 2  # no lost update
    [call_a], [call_b] = first["converse"], second["converse"]
    earlier, later = sorted([call_a, call_b])
    assert earlier[1] <= later[0], "the two turns' model calls overlapped"
    # The history gained user, assistant, user, assistant: each answer followed by its reply.
    added = after.llm_history[len(before.llm_history):]
    assert [t.role for t in added] == [Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT]
    assert {added[0].content, added[2].content} == set(texts)
    for turn, reply in ((added[0], added[1]), (added[2], added[3])):
        assert turn.content[:20] in reply.content  # the offline model quotes what it answers
    assert not first["model_unavailable"]
    assert not second["model_unavailable"]


async def test_the_same_message_delivered_twice_at_once_is_one_turn(
        clean_postgres_url: str) -> None:
    url = clean_postgres_url
    await _into_the_socratic_loop(url)
    before = await _state(url)
    text = "I did get good feedback last month though"
    first, second = _at_once(url, (text, "SMdup0001"), (text, "SMdup0001"))
    after = await _state(url)

    assert after.version == before.version + 1
    assert first["replies"] == second["replies"]
    assert first["replies"]
    assert sorted([first["duplicate"], second["duplicate"]]) == [False, True]
    assert len(first["converse"]) + len(second["converse"]) == 1
