"""A whole Bobby wired by hand from in-memory fakes, for unit tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bobby_adapters.fakes import (
    FakeChartRenderer,
    FakeClock,
    InMemoryMediaStorage,
    SequentialIdGenerator,
)
from bobby_adapters.memory import InMemoryStore, InMemoryUnitOfWorkFactory
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_core.conversation import Conversation
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.runner import Engine
from bobby_core.flows import all_actions, default_registry
from bobby_core.model import ConversationState, ExerciseResult, User
from bobby_core.ports import CrisisScreener, LanguageModel
from bobby_core.safety.helplines import Helplines
from bobby_core.use_cases.handle_inbound_message import (
    TURN_DEADLINE_SECONDS,
    HandleInboundMessage,
    HandleInboundMessageCommand,
    HandleInboundMessageResult,
)

PHONE = "+447700900123"


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

    def __post_init__(self) -> None:
        self.ids = SequentialIdGenerator()
        engine = Engine(self.registry, self.llm, all_actions())
        self.conversation = Conversation(engine, self.screener, self.idle_timeout, self.helplines)
        self.handle = HandleInboundMessage(self.uow, self.clock, self.ids, self.conversation,
                                           storage=self.storage, charts=self.charts,
                                           deadline_seconds=self.deadline_seconds)

    async def send(self, text: str, phone: str = PHONE,
                   sid: str | None = None) -> HandleInboundMessageResult:
        return await self.handle.execute(HandleInboundMessageCommand(
            sender=f"whatsapp:{phone}", text=text, provider_message_id=sid))

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
