"""One turn of a flow's model loop for a caller that keeps the history (a Studio loop widget).

The loop is the flow's own `LlmLoop` step: its prompt, guide questions, closing and turn limits,
with "done" from the model's structured answer or the turn limit. A crisis signal in what the
user wrote is answered with the helpline message in place of the question; the loop does not
move, and the history carries a note of it for the save that knows whose it was."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.model_steps import ModelSteps
from bobby_core.engine.steps import LlmExtract, LlmLoop
from bobby_core.errors import ExternalServiceError, FlowDefinitionError
from bobby_core.model import ChatTurn, ConversationState, JsonValue, Role, UserId
from bobby_core.ports import LanguageModel
from bobby_core.use_cases.caller_flows.kept_history import KeptHistory
from bobby_core.use_cases.caller_flows.safety import CallerSafety

# Studio's HTTP widget gives up after 10 s; leave room for the network on both sides.
DEFAULT_BUDGET_SECONDS = 8.0


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLoopTurnCommand:
    flow_id: str
    step_id: str
    history: KeptHistory
    text: str = ""
    """The user's reply to the last question (empty on the first call)."""
    variables: Mapping[str, JsonValue] = field(default_factory=dict)
    """The flow variables the loop's prompt reads (the event, the challenge...)."""
    opening_texts: tuple[str, ...] = ()
    """What the user wrote before the loop (screened when the loop opens)."""
    carry: Mapping[str, JsonValue] = field(default_factory=dict)
    """Values to keep in the history's note for the save (an earlier loop's transcript)."""
    extract_on_open: str | None = None
    """An LlmExtract step of the same flow to run as the loop opens (its fields are kept)."""
    earlier: KeptHistory | None = None
    """The history of the loop before this one: its notes are carried on when this one opens."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunLoopTurnResult:
    question: str
    done: bool
    history: KeptHistory
    crisis: bool = False


class RunLoopTurn:
    """Ask the loop's next question, or close it, within the caller's time budget."""

    def __init__(self, registry: FlowRegistry, llm: LanguageModel, safety: CallerSafety, *,
                 budget_seconds: float = DEFAULT_BUDGET_SECONDS) -> None:
        self._registry, self._model, self._safety = registry, ModelSteps(llm, registry.texts), safety
        self._budget = budget_seconds

    async def execute(self, cmd: RunLoopTurnCommand) -> RunLoopTurnResult:
        try:
            async with asyncio.timeout(self._budget):
                return await self._turn(cmd)
        except TimeoutError as exc:
            raise ExternalServiceError("loop turn", "took longer than the caller waits") from exc

    async def _turn(self, cmd: RunLoopTurnCommand) -> RunLoopTurnResult:
        flow = self._registry.latest(cmd.flow_id)
        step = flow.step(cmd.step_id)
        if not isinstance(step, LlmLoop):
            raise FlowDefinitionError(f"{flow.id}: step {step.id!r} is not a model loop")
        history = cmd.history
        opening = not history.turns
        if opening and cmd.earlier is not None:
            history = history.merged(cmd.earlier)
        said = (*cmd.opening_texts, cmd.text) if opening else (cmd.text,)
        flagged = await self._safety.screen(said, step.id)
        if flagged is not None:
            return RunLoopTurnResult(question=self._safety.reply(), done=False, crisis=True,
                                     history=replace(history, crises=(*history.crises, flagged)))
        state = ConversationState(user_id=UserId(""), llm_history=history.turns,
                                  variables={**cmd.variables, **history.kept})
        if opening:
            return await self._open(state, step, cmd, history)
        if not cmd.text.strip():
            # A retried call without a reply: the question stands.
            last = next((t.content for t in reversed(history.turns)
                         if t.role is Role.ASSISTANT), "")
            return RunLoopTurnResult(question=last, done=False, history=history)
        outcome, done = await self._model.loop_reply(state, step, cmd.text.strip())
        question = outcome.effects.replies[-1].body if outcome.effects.replies else ""
        if not done:
            return RunLoopTurnResult(question=question, done=False,
                                     history=replace(history, turns=outcome.state.llm_history))
        transcript = outcome.state.variables.get(step.save_as)
        return RunLoopTurnResult(question=question, done=True,
                                 history=replace(history, turns=_turns(transcript)))

    async def _open(self, state: ConversationState, step: LlmLoop, cmd: RunLoopTurnCommand,
                    history: KeptHistory) -> RunLoopTurnResult:
        kept: dict[str, JsonValue] = dict(cmd.carry)
        if cmd.extract_on_open is not None:
            extract = self._registry.latest(cmd.flow_id).step(cmd.extract_on_open)
            if not isinstance(extract, LlmExtract):
                raise FlowDefinitionError(f"{cmd.flow_id}: {extract.id!r} is not an extraction")
            extracted = await self._model.extract(state, extract)
            state = extracted.state
            kept.update({f.name: state.variables.get(f.name) for f in extract.fields})
        opened = await self._model.loop_open(state, step)
        question = opened.effects.replies[-1].body if opened.effects.replies else ""
        return RunLoopTurnResult(question=question, done=False, history=replace(
            history, turns=opened.state.llm_history, kept={**history.kept, **kept}))


def _turns(transcript: Any) -> tuple[ChatTurn, ...]:
    if not isinstance(transcript, list):
        return ()
    return tuple(ChatTurn(role=Role(t["role"]), content=str(t["content"])) for t in transcript
                 if isinstance(t, dict) and t.get("role") in (Role.USER.value, Role.ASSISTANT.value))
