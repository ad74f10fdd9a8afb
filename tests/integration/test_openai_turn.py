import json
import time
from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from bobby_adapters.openai_llm import OpenAILanguageModel
from bobby_core.engine.system_texts import shipped_texts
from tests.integration.fake_openai import (
    FakeOpenAI,
    Scripted,
    chat_answer,
    error_answer,
    structured,
)
from tests.unit.harness import Bobby

MODEL_DOWN = shipped_texts().model_down
pytestmark = pytest.mark.integration

EVENT = "My manager criticised my report today"


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def bobby_on(server: FakeOpenAI, timeout: float, deadline: float = 12.0) -> Bobby:
    client = AsyncOpenAI(api_key="k", base_url=server.base_url, timeout=timeout, max_retries=0)
    return Bobby(llm=OpenAILanguageModel(structured(client, timeout, retries=0)),
                 deadline_seconds=deadline)


def opening() -> Scripted:
    return chat_answer(json.dumps({"reply": "What goes through your mind about it?", "done": False}),
                       prompt_tokens=200, completion_tokens=10)


async def test_a_real_turn_through_the_adapter_reports_its_token_usage(server: FakeOpenAI) -> None:
    bobby = bobby_on(server, timeout=5)
    await bobby.consented()
    await bobby.say("2")
    server.chat(opening())
    result = await bobby.send(EVENT)
    assert result.replies[-1].body == "What goes through your mind about it?"
    assert result.usage.total == 210
    assert bobby.state().usage.prompt_tokens == 200


async def test_a_slow_model_gets_the_kind_reply_and_the_step_works_once_it_answers(
        server: FakeOpenAI) -> None:
    bobby = bobby_on(server, timeout=0.3)
    await bobby.consented()
    await bobby.say("2")
    before = bobby.state()
    server.chat(Scripted(delay=2.0, body=opening().body))
    started = time.monotonic()
    result = await bobby.send(EVENT, sid="SM42")
    assert time.monotonic() - started < 1.5
    assert [r.body for r in result.replies] == [MODEL_DOWN]
    assert bobby.state() == before
    server.chat(opening())
    retried = await bobby.send(EVENT, sid="SM43")
    assert retried.replies[-1].body == "What goes through your mind about it?"


async def test_the_turn_deadline_cuts_a_model_that_stays_under_its_own_timeout(
        server: FakeOpenAI) -> None:
    bobby = bobby_on(server, timeout=5, deadline=0.4)
    await bobby.consented()
    await bobby.say("2")
    server.chat(Scripted(delay=2.0, body=opening().body))
    started = time.monotonic()
    result = await bobby.send(EVENT)
    assert time.monotonic() - started < 1.5
    assert result.model_unavailable


async def test_a_model_that_answers_500_gets_the_kind_reply(server: FakeOpenAI) -> None:
    bobby = bobby_on(server, timeout=5)
    await bobby.consented()
    await bobby.say("2")
    server.chat(error_answer(500))
    assert (await bobby.send(EVENT)).model_unavailable
