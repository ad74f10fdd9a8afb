"""`bobby worker` processes on PostgreSQL: one user's messages in order across two workers, none
lost; a worker killed mid-turn loses nothing and the turn runs once more."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Callable

import pytest
from injector import Injector

from bobby_core.model import Direction, Message
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from tests.integration.fake_openai import FakeOpenAI, Scripted, chat_answer
from tests.integration.pipeline_support import door_on

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

PHONE = "+447700900777"


@pytest.fixture
async def app(clean_postgres_url: str) -> AsyncIterator[Injector]:
    async with door_on(clean_postgres_url) as (_, container):
        yield container


async def receive(container: Injector, text: str, sid: str) -> None:
    await container.get(ReceiveMessage).execute(ReceiveMessageCommand(
        sender=f"whatsapp:{PHONE}", text=text, provider_message_id=sid))


async def messages(container: Injector) -> list[Message]:
    async with container.get(UnitOfWorkFactory)() as work:
        user = await work.users.get_by_phone(PHONE)
        return await work.transcript.list_for_user(user.id) if user else []


async def until_handled(container: Injector, count: int, within: float) -> list[Message]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        stored = await messages(container)
        inbound = [m for m in stored if m.direction is Direction.INBOUND]
        if len(inbound) == count and all(m.handled_at is not None for m in inbound):
            return stored
        await asyncio.sleep(0.2)
    raise AssertionError(f"not all {count} messages were handled within {within} s")


async def test_fifty_messages_from_one_user_across_two_workers_are_handled_in_order(
        app: Injector, workers: Callable[..., subprocess.Popen[bytes]]) -> None:
    texts = ["hi", "yes", *(["2", "menu"] * 24)]
    workers()
    workers()
    for n, text in enumerate(texts):
        await receive(app, text, f"SMorder{n:04d}")
        await asyncio.sleep(0.05)  # arriving while earlier turns run, so many jobs are made
    stored = await until_handled(app, len(texts), within=90)
    inbound = [m for m in stored if m.direction is Direction.INBOUND]
    replies = [m for m in stored if m.direction is Direction.OUTBOUND]
    # Each message got its own replies, and every reply to a message comes after every reply
    # to the message before it: the turns ran one at a time, in arrival order.
    answered = [m.in_reply_to for m in replies]
    assert sorted(set(answered), key=answered.index) == [m.id for m in inbound]
    by_message = {m.id: [r.body for r in replies if r.in_reply_to == m.id] for m in inbound}
    for message in inbound[2:]:
        said = "\n".join(by_message[message.id])
        expected = "What's an event" if message.body == "2" else "Reply with a number"
        assert expected in said, (message.body, said)
    async with app.get(UnitOfWorkFactory)() as work:
        state = await work.conversations.get(inbound[0].user_id)
    assert state is not None
    assert state.version == len(texts)  # one save per turn: none lost, none doubled


async def test_a_worker_killed_mid_turn_loses_nothing_and_the_turn_runs_once_more(
        app: Injector, workers: Callable[..., subprocess.Popen[bytes]]) -> None:
    for n, text in enumerate(["hi", "yes", "2"]):
        await receive(app, text, f"SMkill{n}")
    offline = workers()
    await until_handled(app, 3, within=60)
    offline.send_signal(signal.SIGTERM)
    offline.wait(timeout=15)
    opening = {"reply": "What goes through your mind when you think about it?", "done": False}
    with FakeOpenAI() as model:
        model.chat(Scripted(delay=30.0, body=chat_answer(json.dumps(opening)).body),
                   chat_answer(json.dumps(opening)))
        env = {"OPENAI_API_KEY": "test", "OPENAI_BASE_URL": model.base_url,
               "OPENAI_MODEL": "fake", "OPENAI_MODERATION": "false", "OPENAI_RISK_CHECK": "false"}
        doomed = workers(**env)
        await receive(app, "My manager criticised my report today", "SMkill3")
        for _ in range(300):  # the turn reaches the model within 30 s
            if model.requests_to("/v1/chat/completions"):
                break
            await asyncio.sleep(0.1)
        assert model.requests_to("/v1/chat/completions"), "the turn never reached the model"
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        workers(**env)
        stored = await until_handled(app, 4, within=60)
    [event] = [m for m in stored if m.provider_message_id == "SMkill3"]
    replies = [m for m in stored if m.in_reply_to == event.id]
    assert [r.body for r in replies] == [opening["reply"]]
    assert len(model.requests_to("/v1/chat/completions")) == 2
