"""Run one step of one exercise for a user, for an outside flow that calls once per step (a
hosted flow builder).

The caller owns the chat; Bobby owns the step, in the user's one conversation. The text is the
user's answer to the step the user waits at; an empty text (re)enters it, so the caller gets
the step's own question. A flow is entered only at its start (its first step, or a step only
messages lead to): calling a later step directly would skip the actions before it, so that is
refused with the step expected. Before a user has consented, any step runs the consent question
instead, and says so. The caller keeps its own reminder and feedback questions, so the engine
steps over Bobby's. The replies are outbox rows of their own channel, completed (a chart drawn)
and read back by the one deliverer: the call answers with them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from bobby_core.engine.flow import Flow
from bobby_core.engine.outcome import Outcome, TurnContext
from bobby_core.engine.runner import Engine
from bobby_core.engine.steps import Say
from bobby_core.errors import ConcurrentUpdateError, DomainError, ExternalServiceError
from bobby_core.model import (
    Channel,
    ConversationState,
    DeliveryStatus,
    Frame,
    Message,
    normalise_phone,
)
from bobby_core.ports import Clock, CrisisScreener, IdGenerator, UnitOfWorkFactory
from bobby_core.safety.helplines import Helplines
from bobby_core.safety.respond import respond_to_crisis
from bobby_core.text import clean_text
from bobby_core.use_cases.deliver_replies import DeliverReplies
from bobby_core.use_cases.turn_io import apply_outcome, load_snapshot
from bobby_core.use_cases.users import ensure_user

CALLER_BUDGET_SECONDS = 8.0
"""The caller gives up after 10 s (a Studio HTTP widget does); room for the network both ways."""
CONSENT_FLOW = "consent"
"""The one flow a user may run before agreeing to storage is the one that asks for it."""
CALLER_OWNED_FLOWS = frozenset({"after_exercise"})
"""An outside flow asks for reminders and feedback itself."""


class UnknownStepError(DomainError):
    """The flow has no step with this id."""

    def __init__(self, flow_id: str, step_id: str) -> None:
        super().__init__(f"flow {flow_id!r} has no step {step_id!r}")
        self.flow_id, self.step_id = flow_id, step_id


class StepOutOfOrderError(DomainError):
    """The step cannot run now: running it would skip the steps (and actions) before it."""

    def __init__(self, asked: Frame, expected: Frame) -> None:
        super().__init__(f"step {asked.step_id!r} of {asked.flow_id!r} cannot run now; the "
                         f"expected step is {expected.step_id!r} of {expected.flow_id!r}")
        self.asked, self.expected = asked, expected

    @property
    def problem_fields(self) -> dict[str, str]:
        return {"expected_flow": self.expected.flow_id, "expected_step": self.expected.step_id}


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFlowStepCommand:
    phone: str
    flow_id: str
    step_id: str
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunFlowStepResult:
    replies: tuple[str, ...]
    step_done: bool
    flow_done: bool
    next_flow: str | None
    next_step: str | None
    crisis: bool = False
    image_url: str | None = None
    consent_required: bool = False
    """The user has not consented yet: the replies are the consent question, asked instead."""


class RunFlowStep:
    """Feed one answer to one step within the caller's time budget: the snapshot and the
    outcome are two short transactions, and none is open while the step's model thinks."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator, engine: Engine,
                 screener: CrisisScreener, deliver: DeliverReplies, *,
                 helplines: dict[str, Helplines] | None, budget_seconds: float) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._engine, self._screener, self._deliver = engine, screener, deliver
        self._helplines = helplines
        self._budget = min(budget_seconds, CALLER_BUDGET_SECONDS)

    async def execute(self, cmd: RunFlowStepCommand) -> RunFlowStepResult:
        phone = normalise_phone(cmd.phone)
        flow = self._engine.registry.latest(cmd.flow_id)
        if not flow.has_step(cmd.step_id):
            raise UnknownStepError(cmd.flow_id, cmd.step_id)
        frame = Frame(flow_id=flow.id, version=flow.version, step_id=cmd.step_id)
        try:
            async with asyncio.timeout(self._budget):
                return await self._run(phone, frame, clean_text(cmd.text).strip())
        except TimeoutError as exc:
            raise ExternalServiceError("flow step", "took longer than the caller waits") from exc

    async def _run(self, phone: str, frame: Frame, text: str) -> RunFlowStepResult:
        async with self._uow() as uow:
            user = await ensure_user(uow, self._ids, self._clock, phone)
            snapshot = await load_snapshot(uow, user.id, self._engine.registry.progress_flows())
            await uow.commit()
        if snapshot is None:  # erased between the two statements above
            raise ConcurrentUpdateError("user erased")
        ctx = TurnContext(user=snapshot.user, now=self._clock.now(), ids=self._ids,
                          progress=snapshot.progress, skip_flows=CALLER_OWNED_FLOWS)
        consent_first = not snapshot.user.may_store and frame.flow_id != CONSENT_FLOW
        if consent_first:
            outcome = await self._engine.start(snapshot.state.idle(ctx.now), CONSENT_FLOW, ctx)
            crisis = False
        else:
            outcome, crisis = await self._decide(snapshot.state, frame, text, ctx)
        async with self._uow() as uow:
            recorded = await apply_outcome(uow, snapshot, outcome, ctx, ids=self._ids,
                                           channel=Channel.STEP_API, claim=True)
            await uow.commit()
        # A step call's replies are claimed as they are recorded (none waits behind another).
        claimed = [m for m in recorded if m.status is DeliveryStatus.SENDING]
        sent = (await self._deliver.send_claimed(snapshot.user.id, snapshot.user.recipient, claimed)
                ).delivered if claimed else ()
        return _result(frame, outcome.state, sent, crisis=crisis, consent_required=consent_first)

    async def _decide(self, state: ConversationState, frame: Frame, text: str,
                      ctx: TurnContext) -> tuple[Outcome, bool]:
        entered = await self._enter(state, frame, ctx)
        screening = await self._screener.screen(text) if text else None
        if screening is not None and screening.flagged:
            effects = respond_to_crisis(ctx, screening, frame, self._helplines,
                                        self._engine.registry.texts)
            return Outcome(state=entered.state, effects=entered.effects + effects), True
        if text:
            stepped = await self._engine.receive(entered.state, text, ctx)
        else:
            stepped = await self._engine.reprompt(entered.state, ctx)
        return Outcome(state=stepped.state, effects=entered.effects + stepped.effects), False

    async def _enter(self, state: ConversationState, frame: Frame, ctx: TurnContext) -> Outcome:
        """The state with the user waiting at `frame`: where they are, or a fresh start of the
        flow (the exercise that ran is closed as abandoned); anything else skips steps."""
        if state.top == frame:
            return Outcome(state=state)
        flow = self._engine.registry.latest(frame.flow_id)
        if frame.step_id not in entry_steps(flow):
            top = state.top
            expected = top if top is not None and top.flow_id == frame.flow_id else Frame(
                flow_id=flow.id, version=flow.version, step_id=flow.first.id)
            raise StepOutOfOrderError(frame, expected)
        closed = await self._engine.abandon(state, ctx) if state.active else Outcome(state=state)
        fresh = replace(closed.state, stack=(frame,), variables={}, llm_history=(),
                        started_at=ctx.now)
        return Outcome(state=fresh, effects=closed.effects)


def entry_steps(flow: Flow) -> tuple[str, ...]:
    """Where a flow may be entered: its first step and, past messages only, the step after."""
    steps = [flow.first]
    while isinstance(steps[-1], Say) and steps[-1].next is None and len(steps) < len(flow.steps):
        steps.append(flow.following(steps[-1]))
    return tuple(step.id for step in steps)


def _result(frame: Frame, state: ConversationState, sent: tuple[Message, ...], *,
            crisis: bool, consent_required: bool) -> RunFlowStepResult:
    top = state.top
    return RunFlowStepResult(
        replies=tuple(m.body for m in sent if m.body),
        step_done=top != frame,
        # A flow may hand over to another (Release and Focus to SMART goal); it is done once
        # it has left the stack, and the step that waits next may belong to another flow.
        flow_done=all(f.flow_id != frame.flow_id for f in state.stack),
        next_flow=top.flow_id if top is not None else None,
        next_step=top.step_id if top is not None else None,
        crisis=crisis,
        image_url=next((m.media_url for m in sent if m.media_url), None),
        consent_required=consent_required,
    )
