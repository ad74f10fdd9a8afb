"""Runs flows: enters steps until one waits for the user, feeds replies to the waiting step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bobby_core.engine.actions import (
    PARTIAL_FIELDS,
    SAVED_FLAG,
    ActionContext,
    ActionHandler,
    usage_fields,
)
from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.engine.model_steps import ModelSteps
from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    End,
    LlmExtract,
    LlmLoop,
    Say,
    Step,
    SubFlow,
    hint_for,
)
from bobby_core.engine.templates import render
from bobby_core.engine.turn import Turn
from bobby_core.errors import FlowDefinitionError
from bobby_core.model import (
    ConversationState,
    ExerciseResult,
    Frame,
    JsonValue,
    ResultId,
    ResultStatus,
)
from bobby_core.ports import LanguageModel

MAX_STEPS_PER_TURN = 200


class Engine:
    """Stateless: every method takes a state and returns the next one."""

    def __init__(
        self, registry: FlowRegistry, llm: LanguageModel, actions: Mapping[str, ActionHandler]
    ) -> None:
        self.registry = registry
        self._model = ModelSteps(llm)
        self._actions = actions

    def is_stale(self, state: ConversationState) -> bool:
        """True when a flow version the user is in no longer exists (the code moved on)."""
        return any(
            (flow := self.registry.get(f.flow_id, f.version)) is None or not flow.has_step(f.step_id)
            for f in state.stack
        )

    def current_step(self, state: ConversationState) -> Step | None:
        top = state.top
        return None if top is None else self._flow(top).step(top.step_id)

    async def start(self, state: ConversationState, flow_id: str, turn: Turn,
                    given: Mapping[str, JsonValue] | None = None) -> ConversationState:
        """Start a flow on top of whatever runs (an empty stack starts a fresh exercise).

        `given` seeds a fresh exercise's variables (e.g. what the user already said)."""
        flow = self.registry.latest(flow_id)
        if not state.active:
            state = replace(state, variables=dict(given or {}), llm_history=(),
                            started_at=turn.now)
        frame = Frame(flow_id=flow.id, version=flow.version, step_id=flow.first.id)
        return await self._run(replace(state, stack=(*state.stack, frame)), turn)

    async def receive(self, state: ConversationState, text: str, turn: Turn) -> ConversationState:
        """Feed the user's reply to the step that waits for it, then run on."""
        step = self.current_step(state)
        variables = dict(state.variables)
        if isinstance(step, Ask):
            ok, value = step.expect.parse(text)
            if not ok:
                turn.say(render(step.reask or hint_for(step.expect), variables))
                return state
            variables[step.save_as] = value
            return await self._advance(replace(state, variables=variables), step, turn)
        if isinstance(step, LlmLoop):
            return await self._loop_reply(state, step, text, turn)
        return await self._run(state, turn)

    async def reprompt(self, state: ConversationState, turn: Turn) -> ConversationState:
        """Say again what the waiting step asked (after an interruption)."""
        step = self.current_step(state)
        if isinstance(step, LlmLoop) and state.llm_history:
            turn.say(state.llm_history[-1].content)
            return state
        return await self._run(state, turn)

    async def abandon(self, state: ConversationState, turn: Turn) -> ConversationState:
        """Close the running exercise, recording where it was left; return an idle state."""
        root, top = state.root, state.top
        if root is not None and top is not None and turn.user.may_store and not turn.user_deleted:
            flow = self.registry.get(root.flow_id, root.version)
            if flow is not None and not flow.system and not state.variables.get(SAVED_FLAG):
                where = top.step_id if top.flow_id == root.flow_id else f"{top.flow_id}:{top.step_id}"
                partial = await self._on_abandon(flow, state, turn)
                await turn.uow.results.add(ExerciseResult(
                    id=ResultId(turn.ids.new_id()), user_id=turn.user.id, flow_id=root.flow_id,
                    flow_version=root.version, status=ResultStatus.ABANDONED,
                    started_at=state.started_at or turn.now, ended_at=turn.now,
                    abandoned_at_step=where, fields=partial | usage_fields(state.variables),
                ))
        return state.idle(turn.now)

    async def _on_abandon(self, flow: Flow, state: ConversationState,
                          turn: Turn) -> dict[str, Any]:
        """Run the flow's `on_abandon` action; return the fields it left for the result."""
        if flow.on_abandon is None:
            return {}
        handler = self._actions.get(flow.on_abandon)
        if handler is None:
            raise FlowDefinitionError(f"{flow.id}: unknown action {flow.on_abandon!r}")
        variables: dict[str, Any] = dict(state.variables)
        await handler(ActionContext(turn=turn, state=state, variables=variables,
                                    flow_id=flow.id, flow_version=flow.version), {})
        partial = variables.get(PARTIAL_FIELDS)
        return dict(partial) if isinstance(partial, dict) else {}

    # --- internals -------------------------------------------------------------------------

    def _flow(self, frame: Frame) -> Flow:
        flow = self.registry.get(frame.flow_id, frame.version)
        if flow is None:
            raise FlowDefinitionError(f"flow {frame.flow_id} v{frame.version} is gone")
        return flow

    async def _advance(self, state: ConversationState, step: Step, turn: Turn) -> ConversationState:
        top = state.top
        assert top is not None  # noqa: S101 - a waiting step always sits on a frame
        nxt = self._flow(top).following(step)
        return await self._run(self._goto(state, nxt.id), turn)

    @staticmethod
    def _goto(state: ConversationState, step_id: str) -> ConversationState:
        top = state.stack[-1]
        return replace(state, stack=(*state.stack[:-1], replace(top, step_id=step_id)))

    async def _run(self, state: ConversationState, turn: Turn) -> ConversationState:
        for _ in range(MAX_STEPS_PER_TURN):
            top = state.top
            if top is None:
                return state
            flow = self._flow(top)
            step = flow.step(top.step_id)
            nxt, state = await self._enter(flow, step, state, turn)
            if nxt is None:
                return state
            state = self._goto(state, nxt)
        raise FlowDefinitionError(f"more than {MAX_STEPS_PER_TURN} steps in one turn")

    async def _enter(
        self, flow: Flow, step: Step, state: ConversationState, turn: Turn
    ) -> tuple[str | None, ConversationState]:
        """Enter one step; return the id to continue with (None: stop and wait), and the state."""
        variables = state.variables
        if isinstance(step, Say):
            media = render(step.media_url, variables) if step.media_url else None
            turn.say(render(step.text, variables), media or None)
        elif isinstance(step, Ask):
            turn.say(render(step.prompt, variables))
            return None, state
        elif isinstance(step, LlmLoop):
            return None, await self._model.loop_open(state, step, turn)
        elif isinstance(step, LlmExtract):
            state = await self._model.extract(state, step, turn)
        elif isinstance(step, Branch):
            target = next((c.goto for c in step.cases if c.when.holds(variables)), step.otherwise)
            return target, state
        elif isinstance(step, Action):
            state = await self._act(flow, state, step, turn)
            if turn.start_flow is not None:
                target, turn.start_flow = turn.start_flow, None
                return self._hand_over(state, target, turn)
        elif isinstance(step, SubFlow):
            child = self.registry.latest(step.flow_id)
            frame = Frame(flow_id=child.id, version=child.version, step_id=child.first.id)
            return child.first.id, replace(state, stack=(*state.stack, frame))
        elif isinstance(step, End):
            if step.text:
                turn.say(render(step.text, variables))
            return self._pop(state, turn)
        return flow.following(step).id, state

    def _hand_over(self, state: ConversationState, flow_id: str,
                   turn: Turn) -> tuple[str, ConversationState]:
        """Replace the whole running exercise with `flow_id`, started fresh, so its result is
        recorded under its own id."""
        flow = self.registry.latest(flow_id)
        frame = Frame(flow_id=flow.id, version=flow.version, step_id=flow.first.id)
        return flow.first.id, replace(state, stack=(frame,), variables={}, llm_history=(),
                                      started_at=turn.now)

    def _pop(self, state: ConversationState, turn: Turn) -> tuple[str | None, ConversationState]:
        rest = state.stack[:-1]
        if not rest:
            return None, state.idle(turn.now)
        parent = rest[-1]
        parent_flow = self._flow(parent)
        parent_step = parent_flow.step(parent.step_id)
        state = replace(state, stack=rest)
        if isinstance(parent_step, SubFlow):
            return parent_flow.following(parent_step).id, state
        # An interruption (such as a pause check) returns to a waiting step: ask it again.
        if isinstance(parent_step, LlmLoop) and state.llm_history:
            turn.say(state.llm_history[-1].content)
            return None, state
        return parent_step.id, state

    async def _act(
        self, flow: Flow, state: ConversationState, step: Action, turn: Turn
    ) -> ConversationState:
        handler = self._actions.get(step.name)
        if handler is None:
            raise FlowDefinitionError(f"{flow.id}: unknown action {step.name!r}")
        variables: dict[str, Any] = dict(state.variables)
        ctx = ActionContext(turn=turn, state=state, variables=variables,
                            flow_id=flow.id, flow_version=flow.version)
        await handler(ctx, step.args)
        return replace(state, variables=variables)

    async def _loop_reply(self, state: ConversationState, step: LlmLoop, text: str,
                          turn: Turn) -> ConversationState:
        state, done = await self._model.loop_reply(state, step, text, turn)
        return await self._advance(state, step, turn) if done else state
