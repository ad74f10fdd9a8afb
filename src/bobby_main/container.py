"""Injector modules: every binding explicit, providers typed as the port they fill."""

from __future__ import annotations

from datetime import timedelta

from injector import Injector, Module, provider, singleton

from bobby_adapters.clock import RandomIdGenerator, SystemClock
from bobby_adapters.console_messenger import ConsoleMessenger
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_adapters.twilio_messenger import TwilioMessenger, twilio_client
from bobby_core.conversation import Conversation
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.runner import Engine
from bobby_core.flows import all_actions, default_registry
from bobby_core.ports import (
    ChartRenderer,
    Clock,
    CrisisScreener,
    IdGenerator,
    LanguageModel,
    MediaStorage,
    Messenger,
    UnitOfWorkFactory,
)
from bobby_core.use_cases.check_readiness import CheckReadiness
from bobby_core.use_cases.handle_inbound_message import HandleInboundMessage
from bobby_core.use_cases.record_delivery_status import RecordDeliveryStatus
from bobby_core.use_cases.run_studio_step import RunStudioStep
from bobby_http.config import HttpConfig
from bobby_main.helplines_file import load_helplines
from bobby_main.media import MediaModule
from bobby_main.openai_module import OpenAIModule
from bobby_main.screening import offline_screener
from bobby_main.settings import Settings


class SettingsModule(Module):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    @singleton
    @provider
    def settings(self) -> Settings:
        return self._settings


class CoreModule(Module):
    @singleton
    @provider
    def registry(self) -> FlowRegistry:
        return default_registry()

    @singleton
    @provider
    def engine(self, registry: FlowRegistry, llm: LanguageModel) -> Engine:
        return Engine(registry, llm, all_actions())

    @singleton
    @provider
    def conversation(self, engine: Engine, screener: CrisisScreener, s: Settings) -> Conversation:
        return Conversation(engine, screener, timedelta(minutes=s.idle_timeout_minutes),
                            load_helplines(s.helplines_file))

    @singleton
    @provider
    def handle_inbound(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                       conversation: Conversation,
                       storage: MediaStorage, charts: ChartRenderer) -> HandleInboundMessage:
        return HandleInboundMessage(uow, clock, ids, conversation, storage=storage, charts=charts)


class SystemModule(Module):
    @singleton
    @provider
    def clock(self) -> Clock:
        return SystemClock()

    @singleton
    @provider
    def ids(self) -> IdGenerator:
        return RandomIdGenerator()


class OfflineModule(Module):
    @singleton
    @provider
    def llm(self) -> LanguageModel:
        return OfflineLanguageModel()

    @singleton
    @provider
    def screener(self, s: Settings) -> CrisisScreener:
        return offline_screener(s)


class InMemoryModule(Module):
    @singleton
    @provider
    def uow(self) -> UnitOfWorkFactory:
        return InMemoryUnitOfWorkFactory()


class SqlAlchemyModule(Module):
    """Storage on DATABASE_URL (SQLite by default, PostgreSQL via psycopg 3); overrides memory."""

    def __init__(self, settings: Settings) -> None:
        self._database_url = settings.database_url

    @singleton
    @provider
    def uow(self) -> UnitOfWorkFactory:
        # The engine connects lazily; the ASGI lifespan (or `bobby chat`) disposes of it.
        return SqlAlchemyUnitOfWorkFactory(create_engine(self._database_url))


class MessagingModule(Module):
    @singleton
    @provider
    def messenger(self, s: Settings) -> Messenger:
        if s.twilio_account_sid and s.twilio_auth_token and s.whatsapp_number:
            base = s.public_base_url.rstrip("/") if s.public_base_url else None
            return TwilioMessenger(
                twilio_client(s.twilio_account_sid, s.twilio_auth_token.get_secret_value()),
                s.whatsapp_number,
                status_callback_url=f"{base}/webhooks/twilio/status" if base else None)
        return ConsoleMessenger()


class HttpModule(Module):
    @singleton
    @provider
    def http_config(self, s: Settings) -> HttpConfig:
        token = s.twilio_auth_token.get_secret_value() if s.twilio_auth_token else None
        return HttpConfig(twilio_auth_token=token, public_base_url=s.public_base_url,
                          production=s.production)

    @singleton
    @provider
    def record_delivery_status(self, uow: UnitOfWorkFactory) -> RecordDeliveryStatus:
        return RecordDeliveryStatus(uow)

    @singleton
    @provider
    def run_studio_step(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                        engine: Engine, screener: CrisisScreener,
                        storage: MediaStorage, charts: ChartRenderer,
                        conversation: Conversation) -> RunStudioStep:
        # The helpline file was read once, for the conversation; Studio replies use the same table.
        return RunStudioStep(uow, clock, ids, engine, screener, storage=storage, charts=charts,
                             helplines=conversation.helplines)

    @singleton
    @provider
    def check_readiness(self, uow: UnitOfWorkFactory) -> CheckReadiness:
        return CheckReadiness(uow)


def build_container(settings: Settings, *overrides: Module) -> Injector:
    """Wire Bobby for these settings; later modules override earlier ones (tests append)."""
    language: Module = OpenAIModule(settings) if settings.openai_api_key else OfflineModule()
    modules: list[Module] = [SettingsModule(settings), CoreModule(), SystemModule(),
                             language, InMemoryModule(), SqlAlchemyModule(settings),
                             MessagingModule(), HttpModule(), MediaModule()]
    return Injector([*modules, *overrides], auto_bind=False)
