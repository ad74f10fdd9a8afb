"""Injector modules: every binding explicit, providers typed as the port they fill.

A provider imports the vendor SDK it needs when it is called (Twilio, OpenAI, the payment
providers, matplotlib), so a process loads only what its settings use: `bobby chat` offline and
the unit tests start without them."""

from __future__ import annotations

from datetime import timedelta

from injector import Injector, Module, provider, singleton
from pydantic import SecretStr

from bobby_adapters.clock import RandomIdGenerator, SystemClock
from bobby_adapters.console_messenger import ConsoleMessenger
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.phone_zones import PhonenumbersZoneFinder
from bobby_adapters.prometheus_metrics import (
    MeasuredCrisisScreener,
    MeasuredLanguageModel,
    MeasuredMessenger,
    PrometheusMetrics,
)
from bobby_adapters.sqlalchemy.encryption import attach_cipher
from bobby_adapters.sqlalchemy.engine import Bounds, create_engine
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.conversation import Conversation
from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.runner import Engine
from bobby_core.flows import all_actions, default_registry
from bobby_core.model import MessageTemplate
from bobby_core.ports import (
    ChartRenderer,
    Clock,
    CrisisScreener,
    IdGenerator,
    LanguageModel,
    MediaStorage,
    Messenger,
    PaymentGateway,
    TaskQueue,
    UnitOfWorkFactory,
)
from bobby_core.ports.stats import ModelPrices
from bobby_core.privacy.export_links import ExportLinks
from bobby_core.safety.alongside import RiskCheck
from bobby_core.safety.reply_guard import ReplyGuard, ReplyModeration
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.check_readiness import CheckReadiness
from bobby_core.use_cases.close_idle_exercise import CloseIdleExercise
from bobby_core.use_cases.deliver_replies import DeliverReplies
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.follow_identity_change import FollowIdentityChange
from bobby_core.use_cases.nudge_quiet_users import NudgeQuietUsers
from bobby_core.use_cases.read_chat import ReadChat
from bobby_core.use_cases.receive_message import ReceiveMessage
from bobby_core.use_cases.record_delivery_status import RecordDeliveryStatus
from bobby_core.use_cases.run_turns import RunTurns
from bobby_core.use_cases.send_reminder import SendReminder
from bobby_core.use_cases.sweep_work import SweepWork
from bobby_http.config import HttpConfig
from bobby_main.admin_module import AdminModule
from bobby_main.billing_module import BillingModule
from bobby_main.helplines_file import HelplineTable, load_helplines
from bobby_main.media import MediaModule
from bobby_main.metrics_module import MetricsModule, metrics_tokens
from bobby_main.privacy_module import PrivacyModule
from bobby_main.queue_module import JobsModule, QueueModule
from bobby_main.screening import offline_screener
from bobby_main.settings import META_GRAPH_API, MessagingProvider, Settings
from bobby_main.spool_module import SpoolModule
from bobby_main.startup import field_cipher
from bobby_main.studio_module import StudioModule


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
    def engine(self, registry: FlowRegistry, llm: LanguageModel,
               metrics: PrometheusMetrics, export_links: ExportLinks,
               moderation: ReplyModeration) -> Engine:
        return Engine(registry, MeasuredLanguageModel(llm, metrics), all_actions(export_links),
                      ReplyGuard(metrics, moderation))

    @singleton
    @provider
    def helplines(self, s: Settings) -> HelplineTable:
        return HelplineTable(load_helplines(s.helplines_file))

    @singleton
    @provider
    def conversation(self, engine: Engine, screener: CrisisScreener, s: Settings,
                     paywall: Paywall, risk: RiskCheck, helplines: HelplineTable,
                     metrics: PrometheusMetrics) -> Conversation:
        risk_check = (None if risk.screener is None
                      else MeasuredCrisisScreener(risk.screener, metrics, "risk_check"))
        return Conversation(engine, MeasuredCrisisScreener(screener, metrics, "fast"),
                            paywall=paywall, idle_timeout=timedelta(minutes=s.idle_timeout_minutes),
                            helplines=helplines.table, risk_check=risk_check,
                            check_in_every=timedelta(hours=s.check_in_every_hours))

    @singleton
    @provider
    def receive_message(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                        queue: TaskQueue) -> ReceiveMessage:
        return ReceiveMessage(uow, clock, ids, queue, PhonenumbersZoneFinder())

    @singleton
    @provider
    def run_turns(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                  conversation: Conversation, queue: TaskQueue, deliver: DeliverReplies,
                  erasures: FinishErasures, messenger: Messenger, s: Settings) -> RunTurns:
        # The typing indicator is worth a request only while a real model thinks.
        return RunTurns(uow, clock, ids, conversation, queue, deliver, erasures, messenger,
                        typing=s.openai_api_key is not None,
                        deadline_seconds=s.turn_deadline_seconds, quiet_hours=s.quiet)

    @singleton
    @provider
    def reply_artefacts(self, charts: ChartRenderer, storage: MediaStorage,
                        payments: PaymentGateway) -> ReplyArtefacts:
        return ReplyArtefacts(charts, storage, payments)

    @singleton
    @provider
    def deliver_replies(self, uow: UnitOfWorkFactory, clock: Clock, messenger: Messenger,
                        queue: TaskQueue, metrics: PrometheusMetrics,
                        artefacts: ReplyArtefacts) -> DeliverReplies:
        return DeliverReplies(uow, clock, MeasuredMessenger(messenger, metrics), queue, artefacts)

    @singleton
    @provider
    def sweep_work(self, uow: UnitOfWorkFactory, clock: Clock, queue: TaskQueue,
                   s: Settings) -> SweepWork:
        return SweepWork(uow, clock, queue, timedelta(minutes=s.idle_timeout_minutes))

    @singleton
    @provider
    def send_reminder(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                      queue: TaskQueue, registry: FlowRegistry, s: Settings) -> SendReminder:
        titles = {flow.id: flow.title for flow in registry.exercises()}
        approved = s.reminder_template
        template = (MessageTemplate(name=approved[0], language=approved[1])
                    if approved is not None else None)
        return SendReminder(uow, clock, ids, queue, titles=titles, texts=registry.texts,
                            template=template)

    @singleton
    @provider
    def nudge_quiet_users(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                          queue: TaskQueue, s: Settings) -> NudgeQuietUsers:
        return NudgeQuietUsers(uow, clock, ids, queue, timedelta(days=s.nudge_every_days or 1),
                               s.quiet)

    @singleton
    @provider
    def close_idle_exercise(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                            conversation: Conversation, queue: TaskQueue,
                            s: Settings) -> CloseIdleExercise:
        return CloseIdleExercise(uow, clock, ids, conversation, queue, quiet_hours=s.quiet)


class SystemModule(Module):
    @singleton
    @provider
    def clock(self, s: Settings) -> Clock:
        return SystemClock(timedelta(seconds=s.clock_offset_seconds))

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

    @singleton
    @provider
    def risk_check(self) -> RiskCheck:
        return RiskCheck(None)

    @singleton
    @provider
    def reply_moderation(self) -> ReplyModeration:
        # The crisis rules read Bobby's own replies too (the classifier, tuned on what users
        # write, does not).
        return ReplyModeration(OfflineCrisisScreener())


class InMemoryModule(Module):
    @singleton
    @provider
    def uow(self) -> UnitOfWorkFactory:
        return InMemoryUnitOfWorkFactory()


class SqlAlchemyModule(Module):
    """Storage on DATABASE_URL (SQLite by default, PostgreSQL via psycopg 3); overrides memory."""

    def __init__(self, settings: Settings) -> None:
        self._database_url = settings.database_url
        self._pool_size = settings.database_pool_size
        self._busy_timeout = settings.sqlite_busy_timeout_seconds
        self._bounds = Bounds(connect=settings.database_connect_timeout_seconds,
                              statement=settings.database_statement_timeout_seconds,
                              checkout=settings.database_pool_timeout_seconds)
        self._cipher = field_cipher(settings)

    @singleton
    @provider
    def uow(self) -> UnitOfWorkFactory:
        # The engine connects lazily; the ASGI lifespan (or `bobby chat`) disposes of it.
        engine = create_engine(self._database_url, pool_size=self._pool_size,
                               busy_timeout=self._busy_timeout, bounds=self._bounds)
        attach_cipher(engine, self._cipher)  # DATA_ENCRYPTION_KEY, invisible to the core
        return SqlAlchemyUnitOfWorkFactory(engine)


class MessagingModule(Module):
    """WhatsApp through the provider MESSAGING_PROVIDER names (Twilio, Meta's Cloud API), or
    the console; nothing else in Bobby changes with it."""

    @singleton
    @provider
    def messenger(self, s: Settings) -> Messenger:
        if s.messaging is MessagingProvider.TWILIO and s.twilio_account_sid \
                and s.twilio_auth_token and s.whatsapp_number:
            from bobby_adapters.twilio import TwilioMessenger, twilio_client

            client = twilio_client(s.twilio_account_sid, s.twilio_auth_token.get_secret_value(),
                                   api_base_url=s.twilio_api_base_url)
            return TwilioMessenger(client, s.whatsapp_number, public_base_url=s.public_base_url)
        if s.messaging is MessagingProvider.META and s.meta_access_token \
                and s.meta_phone_number_id:
            from bobby_adapters.meta import MetaCloudMessenger
            from bobby_adapters.meta.graph_client import GraphClient

            graph = GraphClient(s.meta_graph_api_base or META_GRAPH_API, s.meta_api_version,
                                s.meta_access_token.get_secret_value())
            return MetaCloudMessenger(graph, s.meta_phone_number_id)
        return ConsoleMessenger()


class HttpModule(Module):
    @singleton
    @provider
    def http_config(self, s: Settings) -> HttpConfig:
        token = s.twilio_auth_token.get_secret_value() if s.twilio_auth_token else None
        meta = s.messaging is MessagingProvider.META
        return HttpConfig(twilio_auth_token=token, public_base_url=s.public_base_url,
                          meta_app_secret=_secret(s.meta_app_secret) if meta else None,
                          meta_verify_token=_secret(s.meta_verify_token) if meta else None,
                          production=s.production, metrics_tokens=metrics_tokens(s),
                          trusted_proxies=s.trusted_proxies,
                          admin_token=s.admin_token.get_secret_value() if s.admin_token else None,
                          model_prices=ModelPrices(input_per_million=s.model_input_price,
                                                   output_per_million=s.model_output_price),
                          max_body_bytes=s.max_request_body_bytes)

    @singleton
    @provider
    def record_delivery_status(self, uow: UnitOfWorkFactory, clock: Clock,
                               queue: TaskQueue) -> RecordDeliveryStatus:
        return RecordDeliveryStatus(uow, clock, queue)

    @singleton
    @provider
    def follow_identity_change(self, uow: UnitOfWorkFactory) -> FollowIdentityChange:
        return FollowIdentityChange(uow)

    @singleton
    @provider
    def read_chat(self, uow: UnitOfWorkFactory) -> ReadChat:
        return ReadChat(uow)

    @singleton
    @provider
    def check_readiness(self, uow: UnitOfWorkFactory, s: Settings) -> CheckReadiness:
        return CheckReadiness(uow, timedelta(seconds=s.database_statement_timeout_seconds))


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def build_container(settings: Settings, *overrides: Module) -> Injector:
    """Wire Bobby for these settings; later modules override earlier ones (tests append)."""
    language: Module = OfflineModule()
    if settings.openai_api_key:
        from bobby_main.openai_module import OpenAIModule

        language = OpenAIModule(settings)
    modules: list[Module] = [SettingsModule(settings), CoreModule(), SystemModule(),
                             language, InMemoryModule(), SqlAlchemyModule(settings),
                             QueueModule(settings), JobsModule(), MessagingModule(), HttpModule(),
                             MediaModule(), BillingModule(), MetricsModule(),
                             StudioModule(), PrivacyModule(), SpoolModule(),
                             AdminModule()]
    return Injector([*modules, *overrides], auto_bind=False)
