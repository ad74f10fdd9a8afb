"""The OpenAI wiring, used instead of the offline model when OPENAI_API_KEY is set."""

from __future__ import annotations

from injector import Module, provider, singleton
from openai import AsyncOpenAI

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.openai_llm import OpenAILanguageModel, openai_client
from bobby_adapters.openai_risk_check import OpenAIRiskCheckScreener
from bobby_adapters.openai_screener import REPLY_CATEGORIES, OpenAIModerationScreener
from bobby_core.ports import CrisisScreener, LanguageModel
from bobby_core.safety.alongside import RiskCheck
from bobby_core.safety.any_screener import AnyCrisisScreener
from bobby_core.safety.reply_guard import ReplyModeration
from bobby_main.screening import offline_layers
from bobby_main.settings import Settings

REPLY_THRESHOLD = 0.5


class OpenAIModule(Module):
    def __init__(self, settings: Settings) -> None:
        if settings.openai_api_key is None:
            raise ValueError("OpenAIModule needs OPENAI_API_KEY")
        self._key = settings.openai_api_key.get_secret_value()
        self._settings = settings

    @singleton
    @provider
    def client(self) -> AsyncOpenAI:
        return openai_client(self._key, self._settings.openai_base_url)

    @singleton
    @provider
    def llm(self, client: AsyncOpenAI) -> LanguageModel:
        return OpenAILanguageModel(client, self._settings.openai_model)

    @singleton
    @provider
    def screener(self, client: AsyncOpenAI) -> CrisisScreener:
        # The offline rules always screen; moderation adds to them, never replaces them.
        s = self._settings
        layers = offline_layers(s)
        if s.openai_moderation:
            layers.append(OpenAIModerationScreener(client, threshold=s.openai_moderation_threshold))
        return layers[0] if len(layers) == 1 else AnyCrisisScreener(*layers)

    @singleton
    @provider
    def risk_check(self, client: AsyncOpenAI) -> RiskCheck:
        # Run beside the turn's own model call by the conversation, so it adds no waiting.
        s = self._settings
        return RiskCheck(OpenAIRiskCheckScreener(client, s.openai_risk_model or s.openai_model)
                         if s.openai_risk_check else None)

    @singleton
    @provider
    def reply_moderation(self, client: AsyncOpenAI) -> ReplyModeration:
        # Bobby's own replies: the crisis rules, and the moderation endpoint with harassment and
        # hate counted too, at OpenAI's own flag threshold (a false alarm costs only wording).
        rules = OfflineCrisisScreener()
        if not self._settings.openai_moderation:
            return ReplyModeration(rules)
        return ReplyModeration(AnyCrisisScreener(rules, OpenAIModerationScreener(
            client, threshold=REPLY_THRESHOLD, also=REPLY_CATEGORIES)))
