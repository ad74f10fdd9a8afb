import json
from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from bobby_adapters.memory_model_calls import InMemoryModelCallLog
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.openai_risk_check import OpenAIRiskCheckScreener, Risk, rating_of
from bobby_core.errors import ExternalServiceError
from bobby_core.safety.any_screener import AnyCrisisScreener
from tests.integration.fake_openai import (
    FakeOpenAI,
    Scripted,
    chat_answer,
    error_answer,
    held,
    structured,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def check(server: FakeOpenAI, retries: int = 0, timeout: float = 5.0,
          calls: InMemoryModelCallLog | None = None,
          crisis_at: Risk = "high") -> OpenAIRiskCheckScreener:
    client = AsyncOpenAI(api_key="k", base_url=server.base_url, max_retries=0)
    return OpenAIRiskCheckScreener(structured(client, timeout, retries, calls,
                                              service="model-risk-check"), flag_at=crisis_at)


def rating(risk: str, category: str) -> Scripted:
    return chat_answer(json.dumps({"risk": risk, "category": category}))


async def test_a_high_risk_rating_flags_with_its_category_and_asks_for_structured_output(
        server: FakeOpenAI) -> None:
    server.chat(rating("high", "plan"))
    result = await check(server).screen("it is all arranged for friday")
    assert result.flagged
    assert result.categories == ("plan",)
    [verdict] = result.verdicts
    assert (verdict.layer, verdict.flagged, verdict.score) == ("model-risk-check", True, 0.75)
    [sent] = server.requests_to("/v1/chat/completions")
    assert sent.body["model"] == "fake-model"
    assert sent.body["response_format"]["type"] == "json_schema"
    assert sent.body["messages"][-1] == {"role": "user", "content": "it is all arranged for friday"}


async def test_the_check_is_told_that_a_wish_to_be_dead_comes_without_death_words(
        server: FakeOpenAI) -> None:
    """Issue 26: "no point in waking up tomorrow" passed a model's risk check."""
    server.chat(rating("moderate", "wish_dead"))
    assert (await check(server).screen("no point in waking up tomorrow")).check_in
    [sent] = server.requests_to("/v1/chat/completions")
    system = " ".join(sent.body["messages"][0]["content"].split())
    for passive in ("no reason to keep living", "not being around much longer",
                    "no point in waking up tomorrow"):
        assert passive in system


@pytest.mark.parametrize(("risk", "flagged", "check_in"), [
    ("none", False, False), ("low", False, False), ("moderate", False, True),
    ("high", True, False), ("imminent", True, False)])
async def test_high_risk_and_above_flag_and_moderate_asks_for_a_check_in(
        server: FakeOpenAI, risk: str, flagged: bool, check_in: bool) -> None:
    """A weak model rates ordinary answers moderate (`bobby eval --risk-check`): moderate
    adds a gentle check-in, only high and above get the crisis reply."""
    server.chat(rating(risk, "none" if risk == "none" else "wish_dead"))
    result = await check(server).screen("a message")
    assert (result.flagged, result.check_in) == (flagged, check_in)
    assert rating_of(result) == risk


async def test_told_so_a_moderate_rating_gets_the_crisis_reply(server: FakeOpenAI) -> None:
    server.chat(rating("moderate", "wish_dead"))
    result = await check(server, crisis_at="moderate").screen("a message")
    assert (result.flagged, result.check_in, result.categories) == (True, False, ("wish_dead",))


async def test_a_flag_without_a_category_is_still_a_flag(server: FakeOpenAI) -> None:
    server.chat(rating("high", "none"))
    assert (await check(server).screen("a message")).categories == ("unspecified",)


@pytest.mark.parametrize(("answer", "requests"), [
    (error_answer(500), 2), (error_answer(429), 2),   # retried once, as every model call
    (Scripted(body="not json"), 1),                    # the server is broken: not retried
    (chat_answer(json.dumps({"risk": "severe", "category": "plan"})), 2),  # asked again once
    (chat_answer(None, refusal="I can't help with that"), 1),
    (held(rating("none", "none")), 2),                  # cut at the per-call budget, retried
])
async def test_a_failed_check_is_an_external_service_error(
        server: FakeOpenAI, answer: Scripted, requests: int) -> None:
    server.chat(answer, answer)
    with pytest.raises(ExternalServiceError) as caught:
        await check(server, retries=1, timeout=2.0).screen("a message")
    assert caught.value.service == "model-risk-check"
    assert len(server.requests_to("/v1/chat/completions")) == requests


async def test_the_check_runs_at_temperature_0_and_its_tokens_are_recorded(
        server: FakeOpenAI) -> None:
    calls = InMemoryModelCallLog()
    server.chat(chat_answer(json.dumps({"risk": "none", "category": "none"}),
                            prompt_tokens=240, completion_tokens=9))
    assert not (await check(server, calls=calls).screen("a message")).flagged
    [sent] = server.requests_to("/v1/chat/completions")
    assert sent.body["temperature"] == 0
    assert '"risk": one of "none", "low"' in sent.body["messages"][0]["content"]
    assert [(c.kind, c.prompt_tokens, c.completion_tokens, c.estimated) for c in calls.calls] == [
        ("risk-check", 240, 9, False)]


async def test_beside_the_rules_a_failed_check_is_recorded_and_the_rules_still_flag(
        server: FakeOpenAI) -> None:
    server.chat(error_answer(500))
    result = await AnyCrisisScreener(OfflineCrisisScreener(), check(server)).screen("i want to die")
    assert result.flagged
    assert [(v.layer, v.flagged, v.failed) for v in result.verdicts] == [
        ("offline-rules", True, False), ("model-risk-check", False, True)]
