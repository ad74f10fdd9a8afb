"""A whole Bobby wired by hand from in-memory fakes, for unit tests.

`send` walks the real path of a message: the inbox stores it, the user's turns run (as the
queue's job would), and the outbox sends the replies through a recording messenger."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

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
from bobby_adapters.phone_zones import PhonenumbersZoneFinder
from bobby_core.conversation import Conversation
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.runner import Engine
from bobby_core.engine.steps import Ask, LlmLoop, Step, hint_for
from bobby_core.engine.templates import render
from bobby_core.flows import all_actions, default_registry
from bobby_core.llm import TokenUsage
from bobby_core.local_time import QuietHours
from bobby_core.model import ConversationState, ExerciseResult, OutboundText, User, UserId
from bobby_core.ports import CrisisScreener, LanguageModel
from bobby_core.privacy.export_links import ExportLinks, FixedAddress
from bobby_core.safety.helplines import Helplines
from bobby_core.use_cases.close_idle_exercise import CloseIdleExercise, CloseIdleExerciseCommand
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesCommand
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_core.use_cases.run_turns import TURN_DEADLINE_SECONDS, RunTurns, RunTurnsCommand
from bobby_core.use_cases.send_reminder import SendReminder, SendReminderCommand
from bobby_core.use_cases.sweep_work import SweepWork
from tests.unit.reworded import registry_for_tests

PHONE = "+447700900123"
BASE_URL = "https://bobby.test"


@dataclass(frozen=True, slots=True, kw_only=True)
class Sent:
    """What one message got back: the replies its turn gave (as sent), and how it went."""

    user_id: UserId
    replies: tuple[OutboundText, ...]
    duplicate: bool = False
    model_unavailable: bool = False
    usage: TokenUsage = field(default_factory=TokenUsage)


@dataclass
class Bobby:
    llm: LanguageModel = field(default_factory=OfflineLanguageModel)
    registry: FlowRegistry = field(
        default_factory=lambda: registry_for_tests() or default_registry())
    clock: FakeClock = field(default_factory=FakeClock)
    uow: InMemoryUnitOfWorkFactory = field(default_factory=InMemoryUnitOfWorkFactory)
    idle_timeout: timedelta = timedelta(hours=1)
    storage: InMemoryMediaStorage = field(default_factory=InMemoryMediaStorage)
    charts: FakeChartRenderer = field(default_factory=FakeChartRenderer)
    screener: CrisisScreener = field(default_factory=OfflineCrisisScreener)
    helplines: dict[str, Helplines] | None = None
    deadline_seconds: float | None = TURN_DEADLINE_SECONDS
    messenger: FakeMessenger = field(default_factory=FakeMessenger)
    queue: FakeTaskQueue = field(default_factory=FakeTaskQueue)
    risk_check: CrisisScreener | None = None
    template_sid: str | None = None
    quiet_hours: QuietHours = field(default_factory=QuietHours)

    def __post_init__(self) -> None:
        self.ids = SequentialIdGenerator()
        self.export_links = ExportLinks(b"harness export link key", FixedAddress(BASE_URL))
        engine = Engine(self.registry, self.llm, all_actions(self.export_links))
        self.conversation = Conversation(engine, self.screener, self.idle_timeout, self.helplines,
                                         risk_check=self.risk_check)
        self.receive = ReceiveMessage(self.uow, self.clock, self.ids, self.queue,
                                      PhonenumbersZoneFinder())
        self.turns = RunTurns(self.uow, self.clock, self.ids, self.conversation, self.queue,
                              messenger=self.messenger, storage=self.storage, charts=self.charts,
                              deadline_seconds=self.deadline_seconds,
                              quiet_hours=self.quiet_hours,
                              erasures=FinishErasures(self.uow, self.clock, self.storage))
        self.deliver = DeliverReplies(self.uow, self.clock, self.messenger, self.queue)
        titles = {flow.id: flow.title for flow in self.registry.exercises()}
        self.reminders = SendReminder(self.uow, self.clock, self.ids, self.queue, titles=titles,
                                      template_sid=self.template_sid)
        self.idle = CloseIdleExercise(self.uow, self.clock, self.ids, self.conversation,
                                      self.queue, storage=self.storage, charts=self.charts,
                                      quiet_hours=self.quiet_hours)
        self.sweep = SweepWork(self.uow, self.clock, self.queue, self.idle_timeout)

    async def run_due(self) -> list[SentMessage]:
        """Run the scheduled jobs due on the fake clock (as a worker would), then the outbox;
        return what was sent."""
        before = len(self.messenger.sent)
        reminder_ids, idle_users = self.queue.take_due(self.clock.now())
        for reminder_id in reminder_ids:
            await self.reminders.execute(SendReminderCommand(reminder_id=reminder_id))
        for user_id in idle_users:
            await self.idle.execute(CloseIdleExerciseCommand(user_id=UserId(user_id)))
        for user_id in {u for u, _ in self.queue.deliveries}:
            await self.deliver.execute(DeliverRepliesCommand(user_id=UserId(user_id)))
        self.queue.deliveries.clear()
        return self.messenger.sent[before:]

    async def send(self, text: str, phone: str = PHONE, sid: str | None = None) -> Sent:
        received = await self.receive.execute(ReceiveMessageCommand(
            sender=f"whatsapp:{phone}", text=text, provider_message_id=sid))
        if received.duplicate:
            return Sent(user_id=received.user_id, replies=(), duplicate=True)
        ran = await self.turns.execute(RunTurnsCommand(user_id=received.user_id))
        await self.deliver.execute(DeliverRepliesCommand(user_id=received.user_id))
        return Sent(user_id=received.user_id, replies=ran.replies,
                    model_unavailable=ran.model_unavailable, usage=ran.usage)

    async def say(self, text: str, phone: str = PHONE) -> str:
        """Send and return all replies joined, for readable assertions."""
        result = await self.send(text, phone)
        return "\n".join(r.body for r in result.replies)

    async def consented(self, phone: str = PHONE) -> None:
        await self.say("hi", phone)
        await self.say("yes", phone)

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
        return step.reask or hint_for(step.expect)

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
