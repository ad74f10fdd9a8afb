"""One sentence recommending an exercise for how the user feels: the recommender flow's own
model extraction and wording. A crisis signal gets the helpline message instead."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bobby_core.engine.actions import ActionHandler
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.model_steps import ModelSteps
from bobby_core.engine.outcome import TurnContext
from bobby_core.engine.steps import LlmExtract, Say
from bobby_core.engine.templates import render
from bobby_core.errors import ExternalServiceError
from bobby_core.model import ConversationState, UserId
from bobby_core.ports import Clock, IdGenerator, LanguageModel
from bobby_core.use_cases.caller_flows.callers import nobody, run_action, step_of
from bobby_core.use_cases.caller_flows.loop_turn import DEFAULT_BUDGET_SECONDS
from bobby_core.use_cases.caller_flows.safety import CallerSafety

FLOW_ID = "recommender"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecommendExerciseCommand:
    feeling: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecommendExerciseResult:
    text: str
    flow_id: str | None
    """The exercise recommended (None after a crisis signal)."""
    crisis: bool = False


class RecommendExercise:
    def __init__(self, registry: FlowRegistry, llm: LanguageModel, safety: CallerSafety,
                 actions: Mapping[str, ActionHandler], clock: Clock, ids: IdGenerator, *,
                 budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> None:
        self._flow, self._safety = registry.latest(FLOW_ID), safety
        self._model = ModelSteps(llm, registry.texts)
        self._exercises = tuple(registry.exercises())
        self._actions, self._clock, self._ids = actions, clock, ids
        self._budget = budget_seconds

    async def execute(self, cmd: RecommendExerciseCommand) -> RecommendExerciseResult:
        try:
            async with asyncio.timeout(self._budget):
                return await self._recommend(cmd.feeling.strip())
        except TimeoutError as exc:
            raise ExternalServiceError("recommender", "took longer than the caller waits") from exc

    async def _recommend(self, feeling: str) -> RecommendExerciseResult:
        if await self._safety.screen((feeling,), "feeling") is not None:
            # Nobody is named on this call, so there is no user to record the event against.
            return RecommendExerciseResult(text=self._safety.reply(), flow_id=None, crisis=True)
        state = ConversationState(user_id=UserId(""), variables={"feeling": feeling})
        extracted = await self._model.extract(state, step_of(self._flow, "recommend", LlmExtract))
        variables: dict[str, Any] = dict(extracted.state.variables)
        now = self._clock.now()
        await run_action(self._actions, self._flow, "describe", variables,
                         TurnContext(user=nobody(now), now=now, ids=self._ids),
                         exercises=self._exercises)
        return RecommendExerciseResult(
            text=render(step_of(self._flow, "suggest", Say).text, variables),
            flow_id=str(variables.get("recommended") or "") or None)
