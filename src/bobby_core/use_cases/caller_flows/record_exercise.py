"""Store an exercise a caller ran (a Studio flow) as the flow itself stores it on WhatsApp.

The flow's own `save` action builds the result from the flow's variables; answers to the
flow's questions are parsed by those questions (a number outside the scale is clamped to it,
a word of the scale counts). A save that reports the exercise ended early (a time-out) is kept
as abandoned at the step it names. Crisis signals the loops met are recorded now, against the
user this call names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bobby_core.engine.actions import ActionHandler
from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.engine.outcome import TurnContext
from bobby_core.engine.steps import Ask, NumberRange
from bobby_core.model import JsonValue, ResultStatus, normalise_phone
from bobby_core.ports import Clock, IdGenerator, UnitOfWorkFactory
from bobby_core.use_cases.caller_flows.callers import (
    ConsentPolicy,
    run_action,
    safety_events,
    step_of,
    storing_user,
)
from bobby_core.use_cases.caller_flows.kept_history import CrisisNote
from bobby_core.use_cases.turn_io import store_records

SAVE_STEP = "save"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordExerciseCommand:
    phone: str
    flow_id: str
    values: Mapping[str, JsonValue] = field(default_factory=dict)
    """Flow variables as the caller gathered them (the event, a loop's transcript...)."""
    answers: Mapping[str, str | None] = field(default_factory=dict)
    """Raw replies keyed by the flow's question (Ask step id), parsed by that question."""
    prepare: tuple[str, ...] = ()
    """Action steps of the flow to run before saving (scoring)."""
    crises: tuple[CrisisNote, ...] = ()
    ended_early_at: str | None = None
    """The step the caller says the exercise stopped at (a time-out), if it did."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordExerciseResult:
    result_id: str | None
    variables: dict[str, Any]


def parse_answer(flow: Flow, step_id: str, raw: str | None) -> Any:
    """The flow's question `step_id` applied to a raw reply: its value, or None if invalid."""
    ask = step_of(flow, step_id, Ask)
    if raw is None or not str(raw).strip():
        return None
    ok, value = ask.expect.parse(str(raw))
    if ok:
        return value
    expect = ask.expect
    if isinstance(expect, NumberRange) and isinstance(value, int):
        return min(max(value, expect.low), expect.high)
    return None


class RecordExercise:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 registry: FlowRegistry, actions: Mapping[str, ActionHandler],
                 policy: ConsentPolicy) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._registry, self._actions, self._policy = registry, actions, policy

    async def execute(self, cmd: RecordExerciseCommand) -> RecordExerciseResult:
        phone = normalise_phone(cmd.phone)
        flow = self._registry.latest(cmd.flow_id)
        variables: dict[str, Any] = dict(cmd.values)
        for step_id, raw in cmd.answers.items():
            variables[step_of(flow, step_id, Ask).save_as] = parse_answer(flow, step_id, raw)
        async with self._uow() as uow:
            user = await storing_user(uow, self._ids, self._clock, phone, self._policy)
            ctx = TurnContext(user=user, now=self._clock.now(), ids=self._ids)
            for step_id in cmd.prepare:
                await run_action(self._actions, flow, step_id, variables, ctx)
            effects = await run_action(self._actions, flow, SAVE_STEP, variables, ctx)
            if cmd.ended_early_at is not None:
                effects = replace(effects, results=tuple(
                    replace(r, status=ResultStatus.ABANDONED, abandoned_at_step=cmd.ended_early_at)
                    for r in effects.results))
            effects += safety_events(cmd.crises, ctx, flow.id)
            await store_records(uow, effects)
            await uow.commit()
        saved = effects.results[0].id if effects.results else None
        return RecordExerciseResult(result_id=saved, variables=variables)
