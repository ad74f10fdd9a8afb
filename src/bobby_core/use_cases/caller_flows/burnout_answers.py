"""Score a burnout check whose questions a caller asked (a Studio flow), with the flow's own
questions and scoring: the chart and band advice to show, or the result to store.

Each raw answer is read by its question: numbers outside 1-5 are clamped, the scale's words
count, anything else is unanswered; no answer at all still gets an answer (no scores)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bobby_core.charts import chart_from_json
from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.engine.actions import ActionHandler
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.outcome import TurnContext
from bobby_core.engine.steps import Ask, Say
from bobby_core.engine.templates import render
from bobby_core.errors import ExternalServiceError
from bobby_core.model import normalise_phone
from bobby_core.ports import Clock, IdGenerator, UnitOfWorkFactory
from bobby_core.use_cases.caller_flows.callers import (
    ConsentPolicy,
    run_action,
    step_of,
    storing_user,
)
from bobby_core.use_cases.caller_flows.loop_turn import DEFAULT_BUDGET_SECONDS
from bobby_core.use_cases.caller_flows.record_exercise import (
    RecordExercise,
    RecordExerciseCommand,
    RecordExerciseResult,
    parse_answer,
)

FLOW_ID = "burnout"
SCORE_STEP = "score"


def item_steps(registry: FlowRegistry) -> tuple[str, ...]:
    """The burnout flow's questions, in order (the caller's answers come in this order)."""
    return tuple(s.id for s in registry.latest(FLOW_ID).steps if isinstance(s, Ask))


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreBurnoutAnswersCommand:
    phone: str
    answers: Sequence[str | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreBurnoutAnswersResult:
    image_url: str | None
    title: str
    overall: float | None
    band: str | None


class ScoreBurnoutAnswers:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 registry: FlowRegistry, actions: Mapping[str, ActionHandler],
                 policy: ConsentPolicy, artefacts: ReplyArtefacts, *,
                 budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._budget = budget_seconds
        self._registry, self._actions, self._policy = registry, actions, policy
        self._artefacts = artefacts

    async def execute(self, cmd: ScoreBurnoutAnswersCommand) -> ScoreBurnoutAnswersResult:
        phone = normalise_phone(cmd.phone)
        async with self._uow() as uow:  # the chart is stored for this user: they must agree
            user = await storing_user(uow, self._ids, self._clock, phone, self._policy)
            await uow.commit()
        flow = self._registry.latest(FLOW_ID)
        variables = answer_variables(self._registry, cmd.answers)
        ctx = TurnContext(user=user, now=self._clock.now(), ids=self._ids)
        await run_action(self._actions, flow, SCORE_STEP, variables, ctx)
        chart = chart_from_json(variables.get("burnout_chart"))
        try:
            async with asyncio.timeout(self._budget):  # drawing and storing the chart
                url = (await self._artefacts.chart_url(chart, self._ids.new_id())
                       if chart is not None else None)
        except TimeoutError as exc:
            raise ExternalServiceError("charts", "took longer than the caller waits") from exc
        shown = "\n\n".join(render(step_of(flow, s, Say).text, variables)
                            for s in ("results", "advice"))
        overall = variables.get("burnout_overall")
        return ScoreBurnoutAnswersResult(
            image_url=url, title=shown,
            overall=overall if isinstance(overall, float | int) else None,
            band=variables.get("burnout_band"))


def answer_variables(registry: FlowRegistry, answers: Sequence[str | None]) -> dict[str, Any]:
    flow = registry.latest(FLOW_ID)
    variables: dict[str, Any] = {}
    for step_id, raw in zip(item_steps(registry), answers, strict=False):
        variables[step_of(flow, step_id, Ask).save_as] = parse_answer(flow, step_id, raw)
    return variables


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordBurnoutCheckCommand:
    phone: str
    answers: Sequence[str | None]
    ended_early: bool = False


class RecordBurnoutCheck:
    """Store a caller's burnout check: its answers, scored by the flow, saved by the flow."""

    def __init__(self, registry: FlowRegistry, record: RecordExercise) -> None:
        self._steps, self._record = item_steps(registry), record

    async def execute(self, cmd: RecordBurnoutCheckCommand) -> RecordExerciseResult:
        answered = [s for s, a in zip(self._steps, cmd.answers, strict=False) if a]
        stopped = self._steps[min(len(answered), len(self._steps) - 1)]
        return await self._record.execute(RecordExerciseCommand(
            phone=cmd.phone, flow_id=FLOW_ID, answers=dict(zip(self._steps, cmd.answers,
                                                               strict=False)),
            prepare=(SCORE_STEP,), ended_early_at=stopped if cmd.ended_early else None))

