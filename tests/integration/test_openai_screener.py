from collections.abc import Iterator

import pytest
from openai import AsyncOpenAI

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.openai_screener import OpenAIModerationScreener
from bobby_core.errors import ExternalServiceError
from bobby_core.safety.any_screener import AnyCrisisScreener
from tests.integration.fake_openai import FakeOpenAI, Scripted, error_answer, moderation_answer

pytestmark = pytest.mark.integration


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def screener(server: FakeOpenAI) -> OpenAIModerationScreener:
    return OpenAIModerationScreener(AsyncOpenAI(api_key="k", base_url=server.base_url))


async def test_a_self_harm_flag_is_reported_with_its_categories(server: FakeOpenAI) -> None:
    server.moderations(moderation_answer({"self-harm": 0.91, "self-harm/intent": 0.88}))
    result = await screener(server).screen("some message")
    assert result.flagged
    assert result.categories == ("self-harm", "self-harm/intent")
    assert result.screener == "openai-moderation"
    [sent] = server.requests_to("/v1/moderations")
    assert sent.body == {"input": "some message", "model": "omni-moderation-latest"}


async def test_a_score_above_our_lower_threshold_flags_even_when_openai_does_not(
        server: FakeOpenAI) -> None:
    server.moderations(moderation_answer({"self-harm/intent": 0.45}))
    result = await screener(server).screen("some message")
    assert result.flagged
    assert result.categories == ("self-harm/intent",)


async def test_other_categories_do_not_count_as_crisis(server: FakeOpenAI) -> None:
    server.moderations(moderation_answer({"harassment": 0.95, "self-harm": 0.01}))
    assert not (await screener(server).screen("some message")).flagged


@pytest.mark.parametrize("answer", [
    error_answer(500), error_answer(429), error_answer(404),
    Scripted(delay=5.0, body=moderation_answer().body),
    Scripted(body="not json at all"),
])
async def test_a_failing_moderation_call_is_an_external_service_error_without_retry(
        server: FakeOpenAI, answer: Scripted) -> None:
    server.moderations(answer)
    with pytest.raises(ExternalServiceError):
        await screener(server).screen("some message")
    assert len(server.requests_to("/v1/moderations")) == 1


async def test_with_moderation_down_the_offline_rules_still_screen(server: FakeOpenAI) -> None:
    server.moderations(error_answer(500), error_answer(500))
    both = AnyCrisisScreener(OfflineCrisisScreener(), screener(server))
    assert (await both.screen("everyone would be better off without me")).flagged
    assert not (await both.screen("work was long today")).flagged


async def test_a_violence_score_above_its_own_threshold_flags_with_the_score(server: FakeOpenAI) -> None:
    server.moderations(moderation_answer({"violence": 0.83}))
    result = await screener(server).screen("some message")
    assert result.flagged
    assert result.categories == ("violence",)
    [verdict] = result.verdicts
    assert (verdict.layer, verdict.flagged, verdict.score) == ("openai-moderation", True, 0.83)


async def test_a_middling_violence_score_does_not_flag(server: FakeOpenAI) -> None:
    server.moderations(moderation_answer({"violence": 0.55, "violence/graphic": 0.9}))
    result = await screener(server).screen("some message")
    assert not result.flagged
    assert result.verdicts[0].score is None


async def test_the_self_harm_threshold_is_configurable(server: FakeOpenAI) -> None:
    strict = OpenAIModerationScreener(AsyncOpenAI(api_key="k", base_url=server.base_url),
                                      threshold=0.2)
    server.moderations(moderation_answer({"self-harm": 0.25}), moderation_answer({"self-harm": 0.25}))
    assert (await strict.screen("some message")).flagged
    assert not (await screener(server).screen("some message")).flagged
