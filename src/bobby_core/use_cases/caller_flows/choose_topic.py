"""Choose a journaling topic with a caller that keeps the talk (one call a user reply).

Built from the journaling flow's own steps: its topic question, the free-style words, the
number-or-name choice, the model's topic match, and the actions that start a series and load
its first prompt. After a few replies without a topic the user journals free style."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bobby_core.engine.actions import ActionHandler
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.model_steps import ModelSteps
from bobby_core.engine.outcome import TurnContext
from bobby_core.engine.steps import Ask, Branch, LlmExtract, Say
from bobby_core.engine.templates import render
from bobby_core.errors import ExternalServiceError
from bobby_core.model import ChatTurn, ConversationState, Role, UserId
from bobby_core.ports import Clock, IdGenerator, LanguageModel
from bobby_core.use_cases.caller_flows.callers import nobody, run_action, step_of
from bobby_core.use_cases.caller_flows.kept_history import KeptHistory
from bobby_core.use_cases.caller_flows.loop_turn import DEFAULT_BUDGET_SECONDS
from bobby_core.use_cases.caller_flows.safety import CallerSafety

FLOW_ID = "journaling"
MAX_REPLIES = 3
"""Replies without a clear topic before the user journals free style instead."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChooseJournalTopicCommand:
    history: KeptHistory
    text: str = ""
    intro: str = ""
    """What the user said when asked for a topic the first time, if the caller asked itself."""


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalPrompt:
    topic: str | None
    index: int | None
    prompt: str
    follow_ups: tuple[str, ...]

    @classmethod
    def of(cls, variables: Mapping[str, Any]) -> JournalPrompt:
        topic, index = variables.get("topic"), variables.get("prompt_index")
        follow_ups = tuple(str(f) for n in range(1, 10)
                           if (f := variables.get(f"follow_up_{n}")))
        return cls(topic=topic if isinstance(topic, str) else None,
                   index=index if isinstance(index, int) else None,
                   prompt=str(variables.get("prompt") or ""), follow_ups=follow_ups)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChooseJournalTopicResult:
    question: str
    done: bool
    history: KeptHistory
    chosen: JournalPrompt | None = None
    crisis: bool = False


class ChooseJournalTopic:
    def __init__(self, registry: FlowRegistry, llm: LanguageModel, safety: CallerSafety,
                 actions: Mapping[str, ActionHandler], clock: Clock, ids: IdGenerator, *,
                 budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> None:
        self._flow = registry.latest(FLOW_ID)
        self._model, self._safety, self._actions = ModelSteps(llm, registry.texts), safety, actions
        self._clock, self._ids, self._budget = clock, ids, budget_seconds

    async def execute(self, cmd: ChooseJournalTopicCommand) -> ChooseJournalTopicResult:
        try:
            async with asyncio.timeout(self._budget):
                return await self._turn(cmd)
        except TimeoutError as exc:
            raise ExternalServiceError("topic turn", "took longer than the caller waits") from exc

    async def _turn(self, cmd: ChooseJournalTopicCommand) -> ChooseJournalTopicResult:
        history = cmd.history
        said = (cmd.text or ("" if history.turns else cmd.intro)).strip()
        if not said:
            return self._ask(history, step_of(self._flow, "pick", Ask).prompt)
        flagged = await self._safety.screen((said,), "pick")
        if flagged is not None:
            return ChooseJournalTopicResult(question=self._safety.reply(), done=False, crisis=True,
                                            history=replace(history,
                                                            crises=(*history.crises, flagged)))
        history = _with(history, Role.USER, said)
        variables: dict[str, Any] = {"topic_talk": said}
        ctx = TurnContext(user=nobody(self._clock.now()), now=self._clock.now(), ids=self._ids)
        if step_of(self._flow, "pick_free", Branch).cases[0].when.holds(variables):
            return await self._free_style(history, variables, ctx)
        ok, number = step_of(self._flow, "pick_number", Ask).expect.parse(said)
        if ok and number != "free style":
            variables["topic_choice"] = number
        else:
            extract = step_of(self._flow, "match_topic", LlmExtract)
            state = ConversationState(user_id=UserId(""), variables=variables)
            variables = dict((await self._model.extract(state, extract)).state.variables)
        if variables.get("topic_choice"):
            return await self._chosen(history, variables, ctx)
        if sum(1 for t in history.turns if t.role is Role.USER) >= MAX_REPLIES:
            return await self._free_style(history, variables, ctx)
        return self._ask(history, step_of(self._flow, "pick_number", Ask).prompt)

    async def _chosen(self, history: KeptHistory, variables: dict[str, Any],
                      ctx: TurnContext) -> ChooseJournalTopicResult:
        await run_action(self._actions, self._flow, "chosen", variables, ctx)
        await run_action(self._actions, self._flow, "load", variables, ctx)
        said = render(step_of(self._flow, "announce", Say).text, variables)
        return ChooseJournalTopicResult(question=said, done=True, chosen=JournalPrompt.of(variables),
                                        history=_with(history, Role.ASSISTANT, said))

    async def _free_style(self, history: KeptHistory, variables: dict[str, Any],
                          ctx: TurnContext) -> ChooseJournalTopicResult:
        await run_action(self._actions, self._flow, "free_style", variables, ctx)
        said = render(step_of(self._flow, "free_entry", Ask).prompt, variables)
        return ChooseJournalTopicResult(question=said, done=True, chosen=JournalPrompt.of(variables),
                                        history=_with(history, Role.ASSISTANT, said))

    @staticmethod
    def _ask(history: KeptHistory, question: str) -> ChooseJournalTopicResult:
        return ChooseJournalTopicResult(question=question, done=False,
                                        history=_with(history, Role.ASSISTANT, question))


def _with(history: KeptHistory, role: Role, text: str) -> KeptHistory:
    return replace(history, turns=(*history.turns, ChatTurn(role=role, content=text)))
