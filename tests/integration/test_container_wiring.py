"""The composition root picks the OpenAI adapters only when OPENAI_API_KEY is set."""

import asyncio
from typing import Any

import pytest
from pydantic import SecretStr

from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.openai_llm import OpenAILanguageModel
from bobby_adapters.openai_risk_check import OpenAIRiskCheckScreener
from bobby_core.conversation import Conversation
from bobby_core.ports import CrisisScreener, LanguageModel
from bobby_core.safety.alongside import RiskCheck
from bobby_core.safety.any_screener import AnyCrisisScreener
from bobby_main.container import build_container
from bobby_main.settings import Settings

pytestmark = pytest.mark.integration


def settings(**values: Any) -> Settings:
    base: dict[str, Any] = {"openai_api_key": None, "openai_base_url": None, "helplines_file": None}
    return Settings(_env_file=None, **(base | values))


def layers(screener: CrisisScreener) -> list[str]:
    """The screening layers in order, as each names itself on its verdict."""
    return [v.layer for v in asyncio.run(screener.screen("we had pasta for dinner")).verdicts]


OFFLINE_LAYERS = ["offline-rules", "offline-classifier"]


def test_without_an_api_key_bobby_runs_on_the_offline_model_and_rules() -> None:
    container = build_container(settings())
    assert isinstance(container.get(LanguageModel), OfflineLanguageModel)
    assert layers(container.get(CrisisScreener)) == OFFLINE_LAYERS
    assert isinstance(container.get(Conversation), Conversation)


def test_the_classifier_can_be_switched_off() -> None:
    container = build_container(settings(screening_classifier=False))
    assert isinstance(container.get(CrisisScreener), OfflineCrisisScreener)


def test_with_an_api_key_bobby_uses_openai_and_screens_with_moderation_and_rules() -> None:
    container = build_container(settings(
        openai_api_key=SecretStr("sk-test"), openai_base_url="http://127.0.0.1:11434/v1",
        openai_model="llama3.2"))
    llm = container.get(LanguageModel)
    assert isinstance(llm, OpenAILanguageModel)
    assert llm.name == "openai:llama3.2"
    assert isinstance(container.get(CrisisScreener), AnyCrisisScreener)


def test_moderation_and_the_risk_check_can_be_switched_off_for_servers_without_them() -> None:
    container = build_container(settings(openai_api_key=SecretStr("sk-test"), openai_moderation=False,
                                         openai_risk_check=False))
    assert isinstance(container.get(LanguageModel), OpenAILanguageModel)
    assert layers(container.get(CrisisScreener)) == OFFLINE_LAYERS
    assert container.get(RiskCheck).screener is None


def test_without_moderation_the_risk_check_still_screens_beside_the_turn() -> None:
    container = build_container(settings(openai_api_key=SecretStr("sk-test"), openai_moderation=False))
    # The rules screen first; the model risk check runs beside the turn's own model call and
    # gives the check-in the classifier would, so the classifier is left out.
    assert isinstance(container.get(CrisisScreener), OfflineCrisisScreener)
    assert isinstance(container.get(RiskCheck).screener, OpenAIRiskCheckScreener)


@pytest.mark.parametrize(("crisis_at", "expected"), [(None, "high"), ("moderate", "moderate")])
def test_the_risk_check_sends_the_crisis_reply_from_high_unless_told_moderate(
        crisis_at: str | None, expected: str) -> None:
    extra = {"openai_risk_crisis_at": crisis_at} if crisis_at else {}
    container = build_container(settings(openai_api_key=SecretStr("sk-test"), **extra))
    screener = container.get(RiskCheck).screener
    assert isinstance(screener, OpenAIRiskCheckScreener)
    assert screener.crisis_at == expected


def test_offline_there_is_no_model_risk_check() -> None:
    assert build_container(settings()).get(RiskCheck).screener is None
