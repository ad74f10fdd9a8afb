import json
from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.openai_risk_check import OpenAIRiskCheckScreener
from bobby_core.errors import ExternalServiceError
from bobby_core.safety.any_screener import AnyCrisisScreener
from tests.integration.fake_openai import FakeOpenAI, Scripted, chat_answer, error_answer

pytestmark = pytest.mark.integration


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def check(server: FakeOpenAI) -> OpenAIRiskCheckScreener:
    return OpenAIRiskCheckScreener(AsyncOpenAI(api_key="k", base_url=server.base_url), "fake-model")


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
    assert (await check(server).screen("no point in waking up tomorrow")).flagged
    [sent] = server.requests_to("/v1/chat/completions")
    system = " ".join(sent.body["messages"][0]["content"].split())
    for passive in ("no reason to keep living", "not being around much longer",
                    "no point in waking up tomorrow"):
        assert passive in system


@pytest.mark.parametrize(("risk", "flagged"), [
    ("none", False), ("low", False), ("moderate", True), ("imminent", True)])
async def test_moderate_risk_and_above_flag(server: FakeOpenAI, risk: str, flagged: bool) -> None:
    server.chat(rating(risk, "none" if risk == "none" else "wish_dead"))
    assert (await check(server).screen("a message")).flagged is flagged


async def test_a_flag_without_a_category_is_still_a_flag(server: FakeOpenAI) -> None:
    server.chat(rating("high", "none"))
    assert (await check(server).screen("a message")).categories == ("unspecified",)


@pytest.mark.parametrize("answer", [
    error_answer(500), error_answer(429), Scripted(body="not json"),
    chat_answer(json.dumps({"risk": "severe", "category": "plan"})),
    chat_answer(None, refusal="I can't help with that"),
    Scripted(delay=5.0, body=rating("none", "none").body),
])
async def test_a_failed_check_is_an_external_service_error_without_retry(
        server: FakeOpenAI, answer: Scripted) -> None:
    server.chat(answer)
    with pytest.raises(ExternalServiceError):
        await check(server).screen("a message")
    assert len(server.requests_to("/v1/chat/completions")) == 1


async def test_beside_the_rules_a_failed_check_is_recorded_and_the_rules_still_flag(
        server: FakeOpenAI) -> None:
    server.chat(error_answer(500))
    result = await AnyCrisisScreener(OfflineCrisisScreener(), check(server)).screen("i want to die")
    assert result.flagged
    assert [(v.layer, v.flagged, v.failed) for v in result.verdicts] == [
        ("offline-rules", True, False), ("model-risk-check", False, True)]
