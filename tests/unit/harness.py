"""A whole Bobby for unit tests: the production wiring (`build_container`, the same modules and
providers) with in-memory storage and recording fakes bound over the adapters.

`send` walks the path of a message as production does: the inbox stores it, the job table runs
the user's turns (as the queue's worker would) and the outbox delivers what waits, through the
one deliverer and a recording messenger."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

from injector import Module, provider, singleton

from bobby_adapters.disabled import FreePaymentGateway
from bobby_adapters.fakes import (
    FakeChartRenderer,
    FakeClock,
    FakeMessenger,
    FakeTaskQueue,
    InMemoryMediaStorage,
    SentMessage,
    SequentialIdGenerator,
)
from bobby_adapters.memory import InMemoryStore, InMemoryUnitOfWorkFactory
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.queue.job_table import JobTable
from bobby_core.conversation import Conversation
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.steps import Ask, LlmLoop, Step, hint_for
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.engine.templates import render
from bobby_core.flows import default_registry
from bobby_core.model import (
    ConversationState,
    Direction,
    ExerciseResult,
    OutboundText,
    TokenUsage,
    User,
    UserId,
)
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
from bobby_core.privacy.export_links import ExportLinks
from bobby_core.safety.alongside import RiskCheck
from bobby_core.safety.crisis_reply import crisis_message
from bobby_core.safety.helplines import Helplines, helplines_for
from bobby_core.subscriptions.paywall import Paywall
from bobby_core.use_cases.deliver_replies import DeliverReplies
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_core.use_cases.run_turns import RunTurns
from bobby_core.use_cases.sweep_work import SweepWork
from bobby_main.container import build_container
from bobby_main.helplines_file import HelplineTable
from bobby_main.settings import Settings
from tests.unit.reworded import registry_for_tests

PHONE = "+447700900123"
BASE_URL = "https://bobby.test"
LINK_KEY = "harness export link key"


@cache
def _shipped_registry() -> FlowRegistry:
    """The shipped flows, checked once for the whole run (a registry is never changed)."""
    return default_registry()


@dataclass(frozen=True, slots=True, kw_only=True)
class Sent:
    """What one message got back: the replies the user received, and how its turn went."""

    user_id: UserId
    replies: tuple[OutboundText, ...]
    duplicate: bool = False
    model_unavailable: bool = False
    usage: TokenUsage = field(default_factory=TokenUsage)


@dataclass
class Bobby:
    llm: LanguageModel = field(default_factory=OfflineLanguageModel)
    registry: FlowRegistry = field(
        default_factory=lambda: registry_for_tests() or _shipped_registry())
    clock: FakeClock = field(default_factory=FakeClock)
    uow: InMemoryUnitOfWorkFactory = field(default_factory=InMemoryUnitOfWorkFactory)
    idle_timeout: timedelta = timedelta(hours=1)
    storage: InMemoryMediaStorage = field(default_factory=InMemoryMediaStorage)
    charts: FakeChartRenderer = field(default_factory=FakeChartRenderer)
    screener: CrisisScreener = field(default_factory=OfflineCrisisScreener)
    helplines: dict[str, Helplines] | None = None
    deadline_seconds: float = 30.0
    messenger: FakeMessenger = field(default_factory=FakeMessenger)
    queue: FakeTaskQueue = field(default_factory=FakeTaskQueue)
    risk_check: CrisisScreener | None = None
    template_sid: str | None = None
    quiet_hours: str = "21-8"
    nudge_every_days: int | None = None
    gateway: PaymentGateway = field(default_factory=FreePaymentGateway)
    paywall: Paywall | None = None
    """None: as the settings decide (off without a payment provider)."""
    overrides: tuple[Module, ...] = ()
    """Modules bound over the fakes (a test's own spy on a use case)."""

    def __post_init__(self) -> None:
        self.ids = SequentialIdGenerator()
        self.settings = settings(
            idle_timeout_minutes=int(self.idle_timeout.total_seconds() // 60),
            turn_deadline_seconds=self.deadline_seconds, quiet_hours=self.quiet_hours,
            twilio_reminder_content_sid=self.template_sid, nudge_every_days=self.nudge_every_days)
        self.container = build_container(self.settings, UnitTestModule(self), *self.overrides)
        self.jobs = self.container.get(JobTable)
        self.receive = self.container.get(ReceiveMessage)
        self.turns = self.container.get(RunTurns)
        self.deliver = self.container.get(DeliverReplies)
        self.sweep = self.container.get(SweepWork)
        self.conversation = self.container.get(Conversation)
        self.export_links = self.container.get(ExportLinks)

    async def run_due(self) -> list[SentMessage]:
        """Run the scheduled jobs due on the fake clock (as a worker would), then the outbox;
        return what was sent."""
        before = len(self.messenger.sent)
        reminder_ids, idle_users = self.queue.take_due(self.clock.now())
        for reminder_id in reminder_ids:
            await self.jobs.remind(reminder_id)
        for user_id in idle_users:
            await self.jobs.close_idle(UserId(user_id))
        await self.deliver_waiting()
        return self.messenger.sent[before:]

    async def deliver_waiting(self) -> None:
        """Run the send jobs the queue holds (replies queued behind others, retries)."""
        while self.queue.deliveries:
            users = list(dict.fromkeys(u for u, _ in self.queue.deliveries))
            self.queue.deliveries.clear()
            for user_id in users:
                await self.jobs.deliver(UserId(user_id))

    async def send(self, text: str, phone: str = PHONE, sid: str | None = None) -> Sent:
        received = await self.receive.execute(ReceiveMessageCommand(
            sender=f"whatsapp:{phone}", text=text, provider_message_id=sid))
        if received.duplicate:
            return Sent(user_id=received.user_id, replies=(), duplicate=True)
        before = len(self.messenger.sent)
        await self.jobs.run_turns(received.user_id)
        await self.deliver_waiting()
        inbound = self.store.messages.get(received.message_id)
        got = tuple(OutboundText(body=m.body, media_url=m.media_url)
                    for m in self.messenger.sent[before:])
        return Sent(user_id=received.user_id, replies=got,
                    model_unavailable=bool(inbound and inbound.attempts),
                    usage=TokenUsage(prompt_tokens=inbound.prompt_tokens,
                                     completion_tokens=inbound.completion_tokens)
                    if inbound else TokenUsage())

    async def say(self, text: str, phone: str = PHONE) -> str:
        """Send and return all replies joined, for readable assertions."""
        result = await self.send(text, phone)
        return "\n".join(r.body for r in result.replies)

    async def consented(self, phone: str = PHONE) -> None:
        await self.say("hi", phone)
        await self.say("yes", phone)

    @property
    def texts(self) -> SystemTexts:
        """What Bobby says outside any one flow (reworded with the rest under BOBBY_REWORD)."""
        return self.registry.texts

    def said(self, name: str, **values: Any) -> str:
        """The system text `name`, filled with `values`."""
        return render(getattr(self.texts, name), values)

    def crisis_reply(self, phone: str = PHONE) -> str:
        """The fixed crisis message for this phone's country."""
        return crisis_message(helplines_for(phone, self.helplines), self.texts)

    @property
    def store(self) -> InMemoryStore:
        return self.uow.store

    def user(self, phone: str = PHONE) -> User:
        return next(u for u in self.store.users.values() if u.phone == phone)

    def state(self, phone: str = PHONE) -> ConversationState:
        return self.store.conversations[self.user(phone).id]

    def results(self, phone: str = PHONE) -> list[ExerciseResult]:
        uid = self.user(phone).id
        return [r for r in self.store.results.values() if r.user_id == uid]

    def outbox(self, phone: str = PHONE) -> list[Any]:
        """The user's outbound rows, oldest first."""
        uid = self.user(phone).id
        return [m for m in self.store.messages.values()
                if m.user_id == uid and m.direction is Direction.OUTBOUND]

    # --- where the user is and what was saved, so tests need not match wording ------------

    def at(self, phone: str = PHONE) -> tuple[str, str] | None:
        """The flow and step the user waits at (the innermost one), or None when idle."""
        top = self.state(phone).top
        return None if top is None else (top.flow_id, top.step_id)

    def path(self, phone: str = PHONE) -> tuple[tuple[str, str], ...]:
        """Every running flow with its step, outermost first (an exercise, then its sub-flows)."""
        return tuple((f.flow_id, f.step_id) for f in self.state(phone).stack)

    def saved(self, flow_id: str, phone: str = PHONE) -> dict[str, Any]:
        """The fields of the user's latest result of `flow_id`."""
        [*_, latest] = [r for r in self.results(phone) if r.flow_id == flow_id]
        return dict(latest.fields)

    # --- the flow's own words, for "the reply is that step's message" ----------------------

    def _render(self, template: str, values: Mapping[str, Any], phone: str) -> str:
        variables = dict(self.state(phone).variables) if self._known(phone) else {}
        return render(template, {**variables, **values})

    def _known(self, phone: str) -> bool:
        return any(u.phone == phone for u in self.store.users.values()) and \
            self.user(phone).id in self.store.conversations

    def _step(self, flow_id: str, step_id: str) -> Step:
        return self.registry.latest(flow_id).step(step_id)

    def text(self, flow_id: str, step_id: str, phone: str = PHONE, **values: Any) -> str:
        """What the step says: a Say's or End's text, an Ask's prompt (with the user's
        variables, and `values` over them)."""
        step = self._step(flow_id, step_id)
        template = step.prompt if isinstance(step, Ask) else getattr(step, "text", "") or ""
        return self._render(template, values, phone)

    def hint(self, flow_id: str, step_id: str) -> str:
        """What an Ask says to a reply it cannot take."""
        step = self._step(flow_id, step_id)
        assert isinstance(step, Ask)
        return step.reask or hint_for(step.expect, self.registry.texts)

    def question(self, flow_id: str, step_id: str, number: int, phone: str = PHONE,
                 **values: Any) -> str:
        """An LlmLoop's guide question `number` (from 1), rendered."""
        step = self._step(flow_id, step_id)
        assert isinstance(step, LlmLoop)
        return self._render(step.guide_questions[number - 1], values, phone)

    def closing(self, flow_id: str, step_id: str, phone: str = PHONE, **values: Any) -> str:
        step = self._step(flow_id, step_id)
        assert isinstance(step, LlmLoop)
        return self._render(step.closing, values, phone)

    def flow_text(self, flow_id: str, name: str, **values: Any) -> str:
        """One of the flow's `[texts]`, filled with `values` only."""
        return render(self.registry.latest(flow_id).texts[name], values)


@cache
def settings(**values: Any) -> Settings:
    """The harness's settings for these values, read once (reading settings is slow next to
    a unit test, and they are never changed)."""
    return Settings(_env_file=None, public_base_url=BASE_URL, link_signing_key=LINK_KEY, **values)


class UnitTestModule(Module):
    """The in-memory store and the recording fakes of one `Bobby`, over the real adapters."""

    def __init__(self, bobby: Bobby) -> None:
        self._b = bobby

    @singleton
    @provider
    def uow(self) -> UnitOfWorkFactory:
        return self._b.uow

    @singleton
    @provider
    def clock(self) -> Clock:
        return self._b.clock

    @singleton
    @provider
    def ids(self) -> IdGenerator:
        return self._b.ids

    @singleton
    @provider
    def registry(self) -> FlowRegistry:
        return self._b.registry

    @singleton
    @provider
    def llm(self) -> LanguageModel:
        return self._b.llm

    @singleton
    @provider
    def screener(self) -> CrisisScreener:
        return self._b.screener

    @singleton
    @provider
    def risk_check(self) -> RiskCheck:
        return RiskCheck(self._b.risk_check)

    @singleton
    @provider
    def helplines(self) -> HelplineTable:
        return HelplineTable(self._b.helplines)

    @singleton
    @provider
    def messenger(self) -> Messenger:
        return self._b.messenger

    @singleton
    @provider
    def task_queue(self) -> TaskQueue:
        return self._b.queue

    @singleton
    @provider
    def storage(self) -> MediaStorage:
        return self._b.storage

    @singleton
    @provider
    def charts(self) -> ChartRenderer:
        return self._b.charts

    @singleton
    @provider
    def payments(self) -> PaymentGateway:
        return self._b.gateway

    @singleton
    @provider
    def paywall(self, s: Settings) -> Paywall:
        if self._b.paywall is not None:
            return self._b.paywall
        return Paywall(on=s.paywall_on)
