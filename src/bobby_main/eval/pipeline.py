"""Bobby as `bobby chat --memory` runs it, for scripted users: the production wiring with the
configured model, screeners and risk check, in-memory storage, a fixed clock and readable ids
(so the offline model's walks repeat exactly), and a messenger that records instead of sending.

Each message takes the path of a WhatsApp message: the inbox, the user's turn job (which counts
its outcome in the metrics), the outbox."""

from __future__ import annotations

import time
from dataclasses import dataclass

from injector import Module, provider, singleton

from bobby_adapters.fakes import (
    FakeChartRenderer,
    FakeClock,
    FakeMessenger,
    FakeTaskQueue,
    InMemoryMediaStorage,
    SequentialIdGenerator,
)
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_adapters.queue.job_table import JobTable
from bobby_core.conversation import Conversation
from bobby_core.engine.flow import FlowRegistry
from bobby_core.model import ConversationState, UserId
from bobby_core.ports import (
    ChartRenderer,
    Clock,
    CrisisScreener,
    IdGenerator,
    LanguageModel,
    MediaStorage,
    Messenger,
    TaskQueue,
    UnitOfWorkFactory,
)
from bobby_core.safety.alongside import RiskCheck
from bobby_core.safety.crisis_reply import check_in_message, crisis_message
from bobby_core.safety.helplines import helplines_for
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_main.container import build_container
from bobby_main.settings import Settings


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    """What one message got: the replies, the time it took and the stored token usage."""

    user_id: UserId
    replies: tuple[str, ...]
    seconds: float
    prompt_tokens: int
    completion_tokens: int


class Pipeline:
    def __init__(self, settings: Settings, registry: FlowRegistry, *overrides: Module) -> None:
        self.registry = registry
        self.uow = InMemoryUnitOfWorkFactory()
        self.messenger = FakeMessenger()
        self.queue = FakeTaskQueue()
        # Every warning sign counts here: the once-a-day limit on the check-in would hide how
        # often the screeners give one.
        settings = settings.model_copy(update={"check_in_every_hours": 0.0})
        container = build_container(settings, _EvalModule(self), *overrides)
        self._receive = container.get(ReceiveMessage)
        self._jobs = container.get(JobTable)
        self.conversation = container.get(Conversation)
        self.metrics = container.get(PrometheusMetrics)
        self.model = container.get(LanguageModel).name
        self.risk_check = container.get(RiskCheck).screener
        self.screener = container.get(CrisisScreener)
        self._container, self._settings = container, settings

    async def close(self) -> None:
        """Close the model's HTTP client, if the settings made one."""
        if self._settings.openai_api_key is not None:
            from openai import AsyncOpenAI

            await self._container.get(AsyncOpenAI).close()

    async def send(self, phone: str, text: str) -> Answer:
        before = len(self.messenger.sent)
        started = time.perf_counter()
        received = await self._receive.execute(ReceiveMessageCommand(
            sender=f"whatsapp:{phone}", text=text))
        await self._jobs.run_turns(received.user_id)
        while self.queue.deliveries:  # replies queued behind others go as a send job would
            users = list(dict.fromkeys(u for u, _ in self.queue.deliveries))
            self.queue.deliveries.clear()
            for user_id in users:
                await self._jobs.deliver(UserId(user_id))
        seconds = time.perf_counter() - started
        inbound = self.uow.store.messages[received.message_id]
        return Answer(user_id=received.user_id, seconds=seconds,
                      replies=tuple(m.body for m in self.messenger.sent[before:]),
                      prompt_tokens=inbound.prompt_tokens,
                      completion_tokens=inbound.completion_tokens)

    def state(self, user_id: UserId) -> ConversationState:
        return self.uow.store.conversations[user_id]

    def crisis_reply(self, phone: str) -> str:
        """The fixed crisis message for this phone's country."""
        return crisis_message(helplines_for(phone, self.conversation.helplines),
                              self.conversation.engine.registry.texts)

    def check_in(self, phone: str) -> str:
        """The gentle check-in a moderate risk rating gets, for this phone's country."""
        return check_in_message(helplines_for(phone, self.conversation.helplines),
                                self.conversation.engine.registry.texts)

    def started(self, user_id: UserId, flow_id: str) -> bool:
        """Whether `flow_id` runs for the user or has a result (it may end in one turn)."""
        return any(f.flow_id == flow_id for f in self.state(user_id).stack) or any(
            r.user_id == user_id and r.flow_id == flow_id for r in self.uow.store.results.values())

    def finished(self, user_id: UserId, flow_id: str) -> bool:
        """Whether the user has a finished result of `flow_id`."""
        return any(r.user_id == user_id and r.flow_id == flow_id
                   and r.status.value == "finished" for r in self.uow.store.results.values())


class _EvalModule(Module):
    def __init__(self, pipeline: Pipeline) -> None:
        self._p = pipeline

    @singleton
    @provider
    def registry(self) -> FlowRegistry:
        return self._p.registry  # checked once for all walks: loading it is the slow part

    @singleton
    @provider
    def uow(self) -> UnitOfWorkFactory:
        return self._p.uow

    @singleton
    @provider
    def clock(self) -> Clock:
        return FakeClock()

    @singleton
    @provider
    def ids(self) -> IdGenerator:
        return SequentialIdGenerator()

    @singleton
    @provider
    def messenger(self) -> Messenger:
        return self._p.messenger

    @singleton
    @provider
    def task_queue(self) -> TaskQueue:
        return self._p.queue

    @singleton
    @provider
    def storage(self) -> MediaStorage:
        return InMemoryMediaStorage()

    @singleton
    @provider
    def charts(self) -> ChartRenderer:
        return FakeChartRenderer()
