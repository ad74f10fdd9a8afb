"""Run one step of one exercise for a user, as Twilio Studio asks for it (one HTTP call a step).

Studio owns the chat; Bobby owns the step. The text is the user's answer to the step: when the
user is not at that step yet, they are put there silently and the text is fed to it. An empty
text (re)enters the step, so Studio gets the step's own question."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from bobby_core.conversation import touch
from bobby_core.engine.runner import Engine
from bobby_core.engine.turn import Turn
from bobby_core.errors import DomainError, ExternalServiceError
from bobby_core.model import (
    ConversationState,
    Frame,
    User,
    UserId,
    normalise_phone,
)
from bobby_core.ports import (
    ChartRenderer,
    Clock,
    CrisisScreener,
    IdGenerator,
    MediaStorage,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bobby_core.safety.helplines import Helplines
from bobby_core.safety.respond import respond_to_crisis

# Studio's HTTP widget gives up after 10 s; leave room for the network on both sides.
DEFAULT_BUDGET_SECONDS = 8.0
# The one flow a user may run before agreeing to storage is the one that asks for it.
CONSENT_FLOW = "consent"


class UnknownStepError(DomainError):
    """The flow has no step with this id."""

    def __init__(self, flow_id: str, step_id: str) -> None:
        super().__init__(f"flow {flow_id!r} has no step {step_id!r}")
        self.flow_id, self.step_id = flow_id, step_id


class ConsentRequiredError(DomainError):
    """The user has not agreed to storage yet, so no exercise step may run for them."""

    def __init__(self, flow_id: str) -> None:
        super().__init__(f"the user has not consented yet; run the {CONSENT_FLOW!r} flow first")
        self.flow_id = flow_id


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStudioStepCommand:
    phone: str
    flow_id: str
    step_id: str
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStudioStepResult:
    replies: tuple[str, ...]
    step_done: bool
    flow_done: bool
    next_flow: str | None
    next_step: str | None
    crisis: bool = False


class RunStudioStep:
    """Feed one answer to one step under the user's lock, within Studio's time budget."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator, engine: Engine,
                 screener: CrisisScreener, *,
                 storage: MediaStorage | None = None, charts: ChartRenderer | None = None,
                 helplines: dict[str, Helplines] | None = None,
                 budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._engine, self._screener = engine, screener
        self._storage, self._charts = storage, charts
        self._helplines = helplines
        self._budget = budget_seconds

    async def execute(self, cmd: RunStudioStepCommand) -> RunStudioStepResult:
        phone = normalise_phone(cmd.phone)
        flow = self._engine.registry.latest(cmd.flow_id)
        if not flow.has_step(cmd.step_id):
            raise UnknownStepError(cmd.flow_id, cmd.step_id)
        frame = Frame(flow_id=flow.id, version=flow.version, step_id=cmd.step_id)
        try:
            async with asyncio.timeout(self._budget):
                return await self._run(phone, frame, cmd.text.strip())
        except TimeoutError as exc:
            raise ExternalServiceError("studio step", "took longer than Studio waits") from exc

    async def _run(self, phone: str, frame: Frame, text: str) -> RunStudioStepResult:
        async with self._uow() as uow:
            user = await self._user(uow, phone)
            await uow.commit()
        async with self._uow() as uow:
            await uow.lock_user(user.id)
            # Read the user again under the lock: a turn that held it may have changed them.
            fresh = await uow.users.get(user.id)
            if fresh is None or (not fresh.may_store and frame.flow_id != CONSENT_FLOW):
                raise ConsentRequiredError(frame.flow_id)
            user = fresh
            state = await uow.conversations.get(user.id) or ConversationState(user_id=user.id)
            turn = Turn(user=user, now=self._clock.now(), uow=uow, ids=self._ids, clock=self._clock,
                        storage=self._storage, charts=self._charts)
            state = self._at(state, frame, turn)
            screening = await self._screener.screen(text) if text else None
            if screening is not None and screening.flagged:
                await respond_to_crisis(turn, screening, frame, self._helplines)
            else:
                state = await self._step(state, text, turn)
            if not turn.user_deleted:
                await uow.conversations.save(touch(state, turn))
            await uow.commit()
        return _result(frame, state, turn, crisis=screening is not None and screening.flagged)

    async def _user(self, uow: UnitOfWork, phone: str) -> User:
        user = await uow.users.get_by_phone(phone)
        if user is None:
            user = User(id=UserId(self._ids.new_id()), phone=phone, created_at=self._clock.now())
            await uow.users.add(user)
        return user

    @staticmethod
    def _at(state: ConversationState, frame: Frame, turn: Turn) -> ConversationState:
        """The state with the user waiting at `frame`; what earlier steps saved in the same
        flow is kept, so a later step can use the answers to earlier ones."""
        if state.top == frame:
            return state
        same_flow = state.root is not None and state.root.flow_id == frame.flow_id
        return replace(state, stack=(frame,), llm_history=(),
                       variables=dict(state.variables) if same_flow else {},
                       started_at=state.started_at if same_flow else turn.now)

    async def _step(self, state: ConversationState, text: str, turn: Turn) -> ConversationState:
        if text:
            return await self._engine.receive(state, text, turn)
        return await self._engine.reprompt(state, turn)


def _result(frame: Frame, state: ConversationState, turn: Turn, *,
            crisis: bool) -> RunStudioStepResult:
    top = state.top
    return RunStudioStepResult(
        replies=tuple(m.body for m in turn.outbound if m.body),
        step_done=top != frame,
        # A flow may hand over to a sub-flow (the reminder offer); it is done once it has left
        # the stack, and the step that waits next may belong to another flow.
        flow_done=all(f.flow_id != frame.flow_id for f in state.stack),
        next_flow=top.flow_id if top is not None else None,
        next_step=top.step_id if top is not None else None,
        crisis=crisis,
    )
