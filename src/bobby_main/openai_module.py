"""The OpenAI wiring, used instead of the offline model when OPENAI_API_KEY is set."""

from __future__ import annotations

from injector import Module, provider, singleton
from openai import AsyncOpenAI

from bobby_adapters.memory_model_calls import InMemoryModelCallLog
from bobby_adapters.model_retry import RetryPolicy
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.openai_calls import OpenAIStructuredCalls
from bobby_adapters.openai_llm import OpenAILanguageModel, openai_client
from bobby_adapters.openai_risk_check import OpenAIRiskCheckScreener
from bobby_adapters.openai_screener import REPLY_CATEGORIES, OpenAIModerationScreener
from bobby_adapters.prometheus_metrics import MeasuredModelCallLog, PrometheusMetrics
from bobby_adapters.sqlalchemy.model_calls import SqlAlchemyModelCallLog
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.ports import Clock, CrisisScreener, LanguageModel, UnitOfWorkFactory
from bobby_core.ports.usage import ModelCallLog
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
        return openai_client(self._key, self._settings.openai_base_url,
                             self._settings.model_call_timeout_seconds)

    @singleton
    @provider
    def model_calls(self, uow: UnitOfWorkFactory, metrics: PrometheusMetrics) -> ModelCallLog:
        # Beside the storage the rest of Bobby uses: the database's table, or this process.
        ledger: ModelCallLog = (SqlAlchemyModelCallLog(uow.engine)
                                if isinstance(uow, SqlAlchemyUnitOfWorkFactory)
                                else InMemoryModelCallLog())
        return MeasuredModelCallLog(ledger, metrics)

    @singleton
    @provider
    def llm(self, client: AsyncOpenAI, calls: ModelCallLog, clock: Clock) -> LanguageModel:
        return OpenAILanguageModel(self._calls(client, self._settings.openai_model, calls, clock))

    def _calls(self, client: AsyncOpenAI, model: str, calls: ModelCallLog, clock: Clock,
               service: str = "openai") -> OpenAIStructuredCalls:
        s = self._settings
        return OpenAIStructuredCalls(client, model, calls, clock,
                                     timeout_seconds=s.model_call_timeout_seconds,
                                     policy=RetryPolicy(retries=s.model_retries), service=service)

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
    def risk_check(self, client: AsyncOpenAI, calls: ModelCallLog, clock: Clock) -> RiskCheck:
        # Run beside the turn's own model call by the conversation, so it adds no waiting.
        s = self._settings
        if not s.openai_risk_check:
            return RiskCheck(None)
        model = s.openai_risk_model or s.openai_model
        return RiskCheck(OpenAIRiskCheckScreener(
            self._calls(client, model, calls, clock, service="model-risk-check"),
            flag_at=s.openai_risk_crisis_at))

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
