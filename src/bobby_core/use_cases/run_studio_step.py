"""Run one step of one exercise for a user, as Twilio Studio asks for it (one HTTP call a step).

Studio owns the chat; Bobby owns the step. The text is the user's answer to the step: when the
user is not at that step yet, they are put there silently and the text is fed to it. An empty
text (re)enters the step, so Studio gets the step's own question."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from bobby_core.engine.outcome import Outcome, TurnContext
from bobby_core.engine.runner import Engine
from bobby_core.errors import DomainError, ExternalServiceError
from bobby_core.model import ConversationState, Frame, normalise_phone
from bobby_core.ports import (
    ChartRenderer,
    Clock,
    CrisisScreener,
    IdGenerator,
    MediaStorage,
    UnitOfWorkFactory,
)
from bobby_core.safety.helplines import Helplines
from bobby_core.safety.respond import respond_to_crisis
from bobby_core.text import clean_text
from bobby_core.use_cases.turn_io import apply_outcome, load_snapshot, split_replies
from bobby_core.use_cases.users import ensure_user

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
    """Feed one answer to one step within Studio's time budget: the snapshot and the outcome
    are two short transactions, and none is open while the step's model thinks."""

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
                return await self._run(phone, frame, clean_text(cmd.text).strip())
        except TimeoutError as exc:
            raise ExternalServiceError("studio step", "took longer than Studio waits") from exc

    async def _run(self, phone: str, frame: Frame, text: str) -> RunStudioStepResult:
        async with self._uow() as uow:
            user = await ensure_user(uow, self._ids, self._clock, phone)
            snapshot = await load_snapshot(uow, user.id, self._engine.registry.progress_flows())
            await uow.commit()
        if snapshot is None or (not snapshot.user.may_store and frame.flow_id != CONSENT_FLOW):
            raise ConsentRequiredError(frame.flow_id)
        ctx = TurnContext(user=snapshot.user, now=self._clock.now(), ids=self._ids,
                          progress=snapshot.progress, charts=self._charts, storage=self._storage)
        state = self._at(snapshot.state, frame, ctx)
        screening = await self._screener.screen(text) if text else None
        crisis = screening is not None and screening.flagged
        if screening is not None and crisis:
            outcome = Outcome(state=state,
                              effects=respond_to_crisis(ctx, screening, frame, self._helplines))
        else:
            outcome = await self._step(state, text, ctx)
        async with self._uow() as uow:
            await apply_outcome(uow, snapshot, outcome, ctx, ids=self._ids, record_replies=False)
            await uow.commit()
        return _result(frame, outcome, crisis=crisis)

    @staticmethod
    def _at(state: ConversationState, frame: Frame, ctx: TurnContext) -> ConversationState:
        """The state with the user waiting at `frame`; what earlier steps saved in the same
        flow is kept, so a later step can use the answers to earlier ones."""
        if state.top == frame:
            return state
        same_flow = state.root is not None and state.root.flow_id == frame.flow_id
        return replace(state, stack=(frame,), llm_history=(),
                       variables=dict(state.variables) if same_flow else {},
                       started_at=state.started_at if same_flow else ctx.now)

    async def _step(self, state: ConversationState, text: str, ctx: TurnContext) -> Outcome:
        if text:
            return await self._engine.receive(state, text, ctx)
        return await self._engine.reprompt(state, ctx)


def _result(frame: Frame, outcome: Outcome, *, crisis: bool) -> RunStudioStepResult:
    state = outcome.state
    top = state.top
    return RunStudioStepResult(
        replies=tuple(m.body for m in split_replies(outcome.effects.replies) if m.body),
        step_done=top != frame,
        # A flow may hand over to a sub-flow (the reminder offer); it is done once it has left
        # the stack, and the step that waits next may belong to another flow.
        flow_done=all(f.flow_id != frame.flow_id for f in state.stack),
        next_flow=top.flow_id if top is not None else None,
        next_step=top.step_id if top is not None else None,
        crisis=crisis,
    )
