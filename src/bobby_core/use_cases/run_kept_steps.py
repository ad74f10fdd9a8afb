"""Run one part of an exercise for a caller that keeps the conversation itself (the prototype's
Studio flows: a loop widget, a save, a scored survey, one HTTP call each).

The caller's copy of the state (`KeptState`) becomes the engine's state for one call; the
engine runs the flow's own steps from there (its questions, model loops, extractions, scoring
and actions, as on WhatsApp) until a step waits or it reaches a `stop` step, which it does not
enter; the new copy goes back to the caller. The user's own conversation is neither read nor
changed. A call that names its user may store what the steps decided (a result, a reminder)
and the crisis signals the copy carries, once Bobby may store for them."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.engine.outcome import Effects, Outcome, TurnContext
from bobby_core.engine.runner import Engine
from bobby_core.engine.steps import Ask, hint_for
from bobby_core.engine.templates import render
from bobby_core.errors import DomainError, ExternalServiceError
from bobby_core.local_time import QuietHours
from bobby_core.model import (
    ConversationState,
    ExerciseResult,
    Frame,
    JsonValue,
    SafetyEvent,
    User,
    UserId,
    normalise_phone,
)
from bobby_core.ports import Clock, CrisisScreener, IdGenerator, ScreeningResult, UnitOfWorkFactory
from bobby_core.safety.helplines import Helplines
from bobby_core.safety.respond import respond_to_crisis
from bobby_core.use_cases.kept_state import CrisisNote, KeptState, answered, compact, restored
from bobby_core.use_cases.run_flow_step import CALLER_BUDGET_SECONDS, CALLER_OWNED_FLOWS
from bobby_core.use_cases.turn_io import store_records
from bobby_core.use_cases.users import ConsentPolicy, storing_user


class InvalidAnswerError(DomainError):
    """The waiting step refused the answer, and the caller cannot ask again."""

    def __init__(self, step_id: str, hint: str) -> None:
        super().__init__(f"the answer to step {step_id!r} was not taken: {hint}")
        self.step_id = step_id


@dataclass(frozen=True, slots=True, kw_only=True)
class RunKeptStepsCommand:
    flow_id: str
    start: str
    """The step the part begins at, when the kept state stands nowhere yet."""
    stop: frozenset[str]
    """The steps that end the part: the engine stops in front of them."""
    kept: KeptState = field(default_factory=KeptState)
    text: str = ""
    """The user's reply to the step that waits (empty: it asks again)."""
    given: Mapping[str, JsonValue] = field(default_factory=dict)
    """Values the caller gathered itself; the kept state's own come first."""
    answers: Mapping[str, str | None] = field(default_factory=dict)
    """Raw replies to the flow's questions (by step id) that the caller asked itself."""
    screen: tuple[str, ...] = ()
    """What the user wrote before the part, screened as it begins."""
    phone: str | None = None
    """Whose exercise it is, when the caller says (its earlier results are read)."""
    stores: bool = False
    """The call stores for the user (a result, a reminder, the crises, a chart)."""
    abandon: bool = False
    """The caller stopped the exercise (a time-out): record it as abandoned at `start`."""
    strict: bool = False
    """The caller cannot ask again: an answer the waiting step refuses is an error."""
    show: bool = True
    """The caller shows the replies (a save shows none, so no chart is drawn)."""
    done_asks: str | None = None
    """A key of the flow's `[texts]`: what the part says when it ends, instead of its replies,
    for a caller that waits for a reply to it (a Studio loop sends its done answer with "Send
    & Wait for Reply" and keeps the reply for its next widget)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunKeptStepsResult:
    replies: tuple[str, ...]
    kept: KeptState
    variables: Mapping[str, JsonValue]
    """The flow's variables as the steps left them (the kept state holds what is not derived)."""
    at: str | None
    """The step the flow waits at or stopped in front of (None: the flow ended)."""
    done: bool
    """The part is over: the engine stopped in front of a `stop` step, or the flow ended."""
    crisis: bool = False
    image_url: str | None = None


class RunKeptSteps:
    """Run the part within the caller's time budget; no transaction is open while a model
    thinks."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator, engine: Engine,
                 screener: CrisisScreener, artefacts: ReplyArtefacts, *, policy: ConsentPolicy,
                 helplines: dict[str, Helplines] | None, quiet_hours: QuietHours,
                 budget_seconds: float) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._engine, self._screener, self._artefacts = engine, screener, artefacts
        self._policy, self._helplines, self._quiet = policy, helplines, quiet_hours
        self._budget = min(budget_seconds, CALLER_BUDGET_SECONDS)

    def texts(self, flow_id: str) -> Mapping[str, str]:
        """The flow's `[texts]`: what a caller says itself between parts of the flow."""
        return self._engine.registry.latest(flow_id).texts

    async def execute(self, cmd: RunKeptStepsCommand) -> RunKeptStepsResult:
        try:
            async with asyncio.timeout(self._budget):
                return await self._run(cmd)
        except TimeoutError as exc:
            raise ExternalServiceError("flow part", "took longer than the caller waits") from exc

    async def _run(self, cmd: RunKeptStepsCommand) -> RunKeptStepsResult:
        flow = self._engine.registry.latest(cmd.flow_id)
        user, progress = await self._user(cmd)
        ctx = TurnContext(user=user, now=self._clock.now(), ids=self._ids, progress=progress,
                          quiet_hours=self._quiet, skip_flows=CALLER_OWNED_FLOWS,
                          stop_before=cmd.stop)
        kept = cmd.kept
        begins = kept.step is None and not kept.talk
        step = kept.step if kept.step is not None and flow.has_step(kept.step) else cmd.start
        state = ConversationState(
            user_id=user.id, stack=(Frame(flow_id=flow.id, version=flow.version, step_id=step),),
            variables=restored(flow, {**cmd.given, **kept.variables, **answered(flow, cmd.answers)}),
            llm_history=kept.talk, started_at=ctx.now)
        screening = await self._screened((*cmd.screen, cmd.text) if begins else (cmd.text,))
        if screening is not None:  # the step stays where it was: the copy only gains the note
            effects, notes = await self._keep(cmd, ctx, respond_to_crisis(
                ctx, screening, state.top, self._helplines, self._engine.registry.texts))
            return RunKeptStepsResult(replies=_said(effects), kept=replace(kept, crises=notes),
                                      variables=state.variables, at=step, done=False,
                                      crisis=True)
        outcome = await self._decide(cmd, state, ctx, begins=begins)
        effects, notes = await self._keep(cmd, ctx, outcome.effects)
        top = outcome.state.top
        done = top is None or top.step_id in cmd.stop
        replies = _said(effects)
        if done and cmd.done_asks is not None:
            replies = (render(flow.texts[cmd.done_asks], outcome.state.variables),)
        return RunKeptStepsResult(
            replies=replies,
            kept=KeptState(step=top.step_id if top else None, crises=notes,
                           variables=compact(flow, outcome.state.variables),
                           talk=outcome.state.llm_history),
            variables=outcome.state.variables, at=top.step_id if top else None, done=done,
            image_url=await self._chart(effects) if cmd.show else None)

    async def _decide(self, cmd: RunKeptStepsCommand, state: ConversationState,
                      ctx: TurnContext, *, begins: bool) -> Outcome:
        """The engine's own steps from where the kept state stands: a part that begins is
        entered, a waiting step gets the user's reply (or asks again when there is none)."""
        if cmd.abandon:
            return await self._engine.abandon(state, ctx)
        if begins or not cmd.text.strip():
            outcome = await self._engine.reprompt(state, ctx)
        else:
            outcome = await self._engine.receive(state, cmd.text.strip(), ctx)
        top = state.top
        if cmd.strict and not begins and top is not None and outcome.state.top == top:
            asked = self._engine.current_step(state)
            raise InvalidAnswerError(top.step_id, hint_for(asked.expect, self._engine.registry.texts)
                                     if isinstance(asked, Ask) else "")
        return outcome

    async def _keep(self, cmd: RunKeptStepsCommand, ctx: TurnContext,
                    effects: Effects) -> tuple[Effects, tuple[CrisisNote, ...]]:
        """Store what the steps decided when the call stores for its user, with the crisis
        signals the kept state carries; else the copy keeps the signals (categories only)."""
        notes = cmd.kept.crises
        if not cmd.stores:
            return effects, (*notes, *(CrisisNote(
                categories=e.categories, screener=e.screener, step_id=e.step_id or "")
                for e in effects.safety_events))
        effects += Effects(safety_events=tuple(SafetyEvent(
            id=self._ids.new_id(), user_id=ctx.user.id, created_at=ctx.now,
            categories=note.categories, screener=note.screener or "caller-kept loop",
            flow_id=cmd.flow_id, step_id=note.step_id or None) for note in notes))
        async with self._uow() as uow:
            await store_records(uow, effects)
            await uow.commit()
        return effects, ()

    async def _user(self, cmd: RunKeptStepsCommand) -> tuple[User, tuple[ExerciseResult, ...]]:
        """The named user (found, or created once they may store, when the call stores) and
        their earlier results of the flows that read them; nobody, when no user is named."""
        now = self._clock.now()
        nobody = User(id=UserId(""), phone="", created_at=now)
        if cmd.phone is None:
            return nobody, ()
        phone = normalise_phone(cmd.phone)
        async with self._uow() as uow:
            found = (await storing_user(uow, self._ids, self._clock, phone, self._policy)
                     if cmd.stores else await uow.users.get_by_phone(phone))
            flows = self._engine.registry.progress_flows()
            progress = await uow.results.list_for_flows(found.id, flows) if found else []
            await uow.commit()
        return found or nobody, tuple(progress)

    async def _screened(self, texts: tuple[str, ...]) -> ScreeningResult | None:
        """The first crisis signal in what the user wrote; ExternalServiceError when the
        screener is unreachable (the caller takes its Fail branch and retries)."""
        for text in texts:
            if text.strip():
                screening = await self._screener.screen(text)
                if screening.flagged:
                    return screening
        return None

    async def _chart(self, effects: Effects) -> str | None:
        """The first reply's chart, drawn and stored (the edge's work, after the decision)."""
        chart = next((m.chart for m in effects.replies if m.chart is not None), None)
        return await self._artefacts.chart_url(chart, self._ids.new_id()) if chart else None


def _said(effects: Effects) -> tuple[str, ...]:
    return tuple(m.body for m in effects.replies if m.body)
