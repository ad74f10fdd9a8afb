"""Injector modules: every binding explicit, providers typed as the port they fill."""

from __future__ import annotations

from datetime import timedelta

from injector import Injector, Module, provider, singleton

from bobby_adapters.clock import RandomIdGenerator, SystemClock
from bobby_adapters.fakes import InMemoryReminderScheduler
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_core.conversation import Conversation
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.runner import Engine
from bobby_core.flows import all_actions, default_registry
from bobby_core.ports import (
    Clock,
    CrisisScreener,
    IdGenerator,
    LanguageModel,
    ReminderScheduler,
    UnitOfWorkFactory,
)
from bobby_core.use_cases.handle_inbound_message import HandleInboundMessage
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
        return Conversation(engine, screener, timedelta(minutes=s.idle_timeout_minutes))

    @singleton
    @provider
    def handle_inbound(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                       conversation: Conversation,
                       scheduler: ReminderScheduler) -> HandleInboundMessage:
        return HandleInboundMessage(uow, clock, ids, conversation, scheduler)


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
    def screener(self) -> CrisisScreener:
        return OfflineCrisisScreener()


class InMemoryModule(Module):
    @singleton
    @provider
    def uow(self) -> UnitOfWorkFactory:
        return InMemoryUnitOfWorkFactory()

    @singleton
    @provider
    def scheduler(self) -> ReminderScheduler:
        return InMemoryReminderScheduler()


def build_container(settings: Settings, *overrides: Module) -> Injector:
    """Wire Bobby for these settings; later modules override earlier ones (tests append)."""
    modules: list[Module] = [SettingsModule(settings), CoreModule(), SystemModule(),
                             OfflineModule(), InMemoryModule()]
    return Injector([*modules, *overrides], auto_bind=False)
