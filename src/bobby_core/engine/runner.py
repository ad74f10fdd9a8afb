"""Runs flows: enters steps until one waits for the user, feeds replies to the waiting step.

Every method takes a state and a read-only TurnContext and returns an Outcome (the next state
and the effects the steps asked for); nothing is stored here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bobby_core.charts import chart_from_json
from bobby_core.engine.actions import ActionContext, ActionHandler
from bobby_core.engine.answers import AnswerReader, Reading, not_taken
from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.engine.model_steps import ModelSteps
from bobby_core.engine.outcome import Effects, Outcome, TurnContext, say
from bobby_core.engine.results import exercise_result
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
)
from bobby_core.engine.templates import render
from bobby_core.errors import FlowDefinitionError
from bobby_core.model import ConversationState, Frame, JsonValue, OutboundText, ResultStatus
from bobby_core.ports import LanguageModel
from bobby_core.safety.reply_guard import ReplyGuard

MAX_STEPS_PER_TURN = 200

Entered = tuple[str | None, Outcome]
"""The step to continue with (None: stop and wait), and the outcome of entering one step."""


class Engine:
    """Stateless: every method takes a state and returns the next one with its effects."""

    def __init__(
        self, registry: FlowRegistry, llm: LanguageModel, actions: Mapping[str, ActionHandler],
        guard: ReplyGuard,
    ) -> None:
        self.registry = registry
        self._model = ModelSteps(llm, registry.texts, guard)
        self._answers = AnswerReader(llm)
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

    async def start(self, state: ConversationState, flow_id: str, ctx: TurnContext,
                    given: Mapping[str, JsonValue] | None = None) -> Outcome:
        """Start a flow on top of whatever runs (an empty stack starts a fresh exercise).

        `given` seeds a fresh exercise's variables (e.g. what the user already said)."""
        flow = self.registry.latest(flow_id)
        frame = Frame(flow_id=flow.id, version=flow.version, step_id=flow.first.id)
        if not state.active:
            return await self._run(state.fresh((frame,), dict(given or {}), ctx.now), ctx)
        return await self._run(replace(state, stack=(*state.stack, frame)), ctx)

    async def receive(self, state: ConversationState, text: str, ctx: TurnContext) -> Outcome:
        """Feed the user's reply to the step that waits for it, then run on."""
        step = self.current_step(state)
        variables = dict(state.variables)
        if isinstance(step, Ask):
            read = await self._answers.read(step, text, variables,
                                            rephrased=state.stack[-1].rephrased,
                                            may_use_model=ctx.user.may_store)
            if read.usage.total:
                state = replace(state, usage=state.usage + read.usage)
            if read.reading is Reading.ANSWER:
                variables[step.save_as] = read.value
                return await self._advance(replace(state, variables=variables), step, ctx)
            return not_taken(state, step, read, self.registry.texts)
        if isinstance(step, LlmLoop):
            replied, done = await self._model.loop_reply(state, step, text, ctx.now)
            if not done:
                return replied
            return await self._advance(replied.state, step, ctx, replied.effects)
        return await self._run(state, ctx)

    async def reprompt(self, state: ConversationState, ctx: TurnContext) -> Outcome:
        """Say again what the waiting step asked (after an interruption)."""
        step = self.current_step(state)
        if isinstance(step, LlmLoop) and state.llm_history:
            return Outcome(state=state, effects=say(state.llm_history[-1].content))
        return await self._run(state, ctx)

    async def abandon(self, state: ConversationState, ctx: TurnContext, *,
                      notify: bool = False) -> Outcome:
        """Close the running exercise, recording where it was left; return an idle state.

        `notify`: the exercise is closed behind the user's back (the idle job), so the flow's
        `on_abandon` action may also tell them what it kept (Burnout: the partial result)."""
        idle = state.idle(ctx.now)
        root, top = state.root, state.top
        if root is None or top is None or not ctx.user.may_store:
            return Outcome(state=idle)
        flow = self.registry.get(root.flow_id, root.version)
        if flow is None or flow.system or state.result_saved:
            return Outcome(state=idle)
        where = top.step_id if top.flow_id == root.flow_id else f"{top.flow_id}:{top.step_id}"
        partial, told = await self._on_abandon(flow, state, ctx, notify)
        result = exercise_result(state, ctx, ResultStatus.ABANDONED, fields=partial,
                                 abandoned_at_step=where)
        return Outcome(state=idle, effects=Effects(results=(result,), replies=told))

    async def _on_abandon(self, flow: Flow, state: ConversationState, ctx: TurnContext,
                          notify: bool) -> tuple[dict[str, Any], tuple[OutboundText, ...]]:
        """Run the flow's `on_abandon` action; return the fields it left for the result and,
        when asked to `notify`, the messages it wants the user to get."""
        if flow.on_abandon is None:
            return {}, ()
        acting = self._context(flow, ctx, state, dict(state.variables))
        effects = await self._handler(flow, flow.on_abandon)(acting, {"notify": notify})
        told = effects.replies if (notify and effects is not None) else ()
        return dict(acting.abandoned_fields or {}), told

    # --- internals -------------------------------------------------------------------------

    def _flow(self, frame: Frame) -> Flow:
        flow = self.registry.get(frame.flow_id, frame.version)
        if flow is None:
            raise FlowDefinitionError(f"flow {frame.flow_id} v{frame.version} is gone")
        return flow

    def _context(self, flow: Flow, ctx: TurnContext, state: ConversationState,
                 variables: dict[str, Any]) -> ActionContext:
        return ActionContext(turn=ctx, state=state, variables=variables, flow_id=flow.id,
                             flow_version=flow.version, texts=flow.texts,
                             exercises=tuple(self.registry.exercises()))

    def _handler(self, flow: Flow, name: str) -> ActionHandler:
        handler = self._actions.get(name)
        if handler is None:
            raise FlowDefinitionError(f"{flow.id}: unknown action {name!r}")
        return handler

    async def _advance(self, state: ConversationState, step: Step, ctx: TurnContext,
                       effects: Effects | None = None) -> Outcome:
        top = state.top
        assert top is not None  # noqa: S101 - a waiting step always sits on a frame
        nxt = self._flow(top).following(step)
        return await self._run(self._goto(state, nxt.id), ctx, effects or Effects())

    @staticmethod
    def _goto(state: ConversationState, step_id: str) -> ConversationState:
        top = state.stack[-1]
        return replace(state, stack=(*state.stack[:-1], replace(top, step_id=step_id,
                                                                  rephrased=False)))

    async def _run(self, state: ConversationState, ctx: TurnContext,
                   effects: Effects | None = None) -> Outcome:
        so_far = effects or Effects()
        for _ in range(MAX_STEPS_PER_TURN):
            top = state.top
            if top is None or top.step_id in ctx.stop_before:
                return Outcome(state=state, effects=so_far)
            flow = self._flow(top)
            nxt, entered = await self._enter(flow, flow.step(top.step_id), state,
                                             ctx.after(so_far), so_far)
            state, so_far = entered.state, so_far + entered.effects
            if nxt is None:
                return Outcome(state=state, effects=so_far)
            state = self._goto(state, nxt)
        raise FlowDefinitionError(f"more than {MAX_STEPS_PER_TURN} steps in one turn")

    async def _enter(self, flow: Flow, step: Step, state: ConversationState, ctx: TurnContext,
                     so_far: Effects) -> Entered:
        """Enter one step; `so_far` is what the turn asked for before it (a pending leave)."""
        variables = state.variables
        if isinstance(step, Say):
            media = render(step.media_url, variables) if step.media_url else None
            chart = chart_from_json(variables.get(step.chart)) if step.chart else None
            return flow.following(step).id, Outcome(
                state=state, effects=say(render(step.text, variables), media or None, chart))
        if isinstance(step, Ask):
            return None, Outcome(state=state, effects=say(render(step.prompt, variables)))
        if isinstance(step, LlmLoop):
            return None, await self._model.loop_open(state, step, ctx.now)
        if isinstance(step, LlmExtract):
            return flow.following(step).id, await self._model.extract(state, step, ctx.now)
        if isinstance(step, Branch):
            target = next((c.goto for c in step.cases if c.when.holds(variables)), step.otherwise)
            return target, Outcome(state=state)
        if isinstance(step, Action):
            acted = await self._act(flow, state, step, ctx)
            if acted.effects.hand_over is not None:
                return self._hand_over(acted, acted.effects.hand_over, ctx)
            return flow.following(step).id, acted
        if isinstance(step, SubFlow):
            if step.flow_id in ctx.skip_flows:
                return flow.following(step).id, Outcome(state=state)
            child = self.registry.latest(step.flow_id)
            frame = Frame(flow_id=child.id, version=child.version, step_id=child.first.id)
            return child.first.id, Outcome(state=replace(state, stack=(*state.stack, frame)))
        assert isinstance(step, End)  # noqa: S101 - Step is a closed union
        goodbye = say(render(step.text, variables)) if step.text else Effects()
        nxt, popped = self._pop(state, ctx, leaving=_leaving(so_far))
        return nxt, Outcome(state=popped.state, effects=goodbye + popped.effects)

    def _hand_over(self, acted: Outcome, flow_id: str, ctx: TurnContext) -> Entered:
        """Replace the whole running exercise with `flow_id`, started fresh, so its result is
        recorded under its own id."""
        flow = self.registry.latest(flow_id)
        frame = Frame(flow_id=flow.id, version=flow.version, step_id=flow.first.id)
        state = acted.state.fresh((frame,), {}, ctx.now)
        return flow.first.id, Outcome(state=state, effects=replace(acted.effects, hand_over=None))

    def _pop(self, state: ConversationState, ctx: TurnContext, *, leaving: bool) -> Entered:
        rest = state.stack[:-1]
        if not rest:
            return None, Outcome(state=state.idle(ctx.now))
        state = replace(state, stack=rest)
        if leaving:
            # The user is leaving (or erasing everything): the step beneath is not asked again;
            # the conversation closes the exercise.
            return None, Outcome(state=state)
        parent = rest[-1]
        parent_flow = self._flow(parent)
        parent_step = parent_flow.step(parent.step_id)
        if isinstance(parent_step, SubFlow):
            return parent_flow.following(parent_step).id, Outcome(state=state)
        # An interruption (such as a pause check) returns to a waiting step: ask it again.
        if isinstance(parent_step, LlmLoop) and state.llm_history:
            return None, Outcome(state=state, effects=say(state.llm_history[-1].content))
        return parent_step.id, Outcome(state=state)

    async def _act(self, flow: Flow, state: ConversationState, step: Action,
                   ctx: TurnContext) -> Outcome:
        variables: dict[str, Any] = dict(state.variables)
        acting = self._context(flow, ctx, state, variables)
        effects = await self._handler(flow, step.name)(acting, step.args)
        return Outcome(state=replace(state, variables=variables,
                                     result_saved=state.result_saved or acting.saved),
                       effects=effects or Effects())


def _leaving(effects: Effects) -> bool:
    """The turn closes the running exercise: leave, erase, or stop all messages."""
    opted_out = effects.user is not None and effects.user.opted_out
    return effects.leave or effects.delete_user or opted_out
