"""A whole Bobby wired by hand from in-memory fakes, for unit tests.

`send` walks the real path of a message: the inbox stores it, the user's turns run (as the
queue's job would), and the outbox sends the replies through a recording messenger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

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
    registry: FlowRegistry = field(default_factory=default_registry)
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
