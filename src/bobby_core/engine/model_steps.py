"""The steps carried out by a language model: `LlmExtract` and the turns of an `LlmLoop`.

The engine, not the model, keeps a loop's rules: a "done" before `min_turns` answers goes on
with the step's next guide question; at `max_turns` the step's closing is said without asking
the model. Every model reply passes the reply guard before it is said: one that fails is asked
for again once, with the reason; one that fails twice gives way to the step's scripted fallback
(or, for a closing, the step's closing). Each such decision is an effect (a GuardEvent) and is
counted through the guard's meter."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bobby_core.engine.context import bounded_history
from bobby_core.engine.outcome import Effects, Outcome, say
from bobby_core.engine.steps import LlmExtract, LlmLoop
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.engine.templates import render
from bobby_core.llm import ConverseRequest, ExtractReply, ExtractRequest, FieldShape, FieldSpec
from bobby_core.model import ChatTurn, ConversationState, Role, TokenUsage
from bobby_core.ports import LanguageModel
from bobby_core.safety.guard_events import GuardAction, GuardEvent, GuardKind
from bobby_core.safety.reply_guard import ReplyGuard

_TRAILING_EMOJI = re.compile(r"[\s\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]+$")
ATTEMPTS = 2
"""A refused reply is asked for once more; then the step's fallback is said."""

Step = LlmLoop | LlmExtract


@dataclass(frozen=True, slots=True)
class _Said:
    text: str
    done: bool
    usage: TokenUsage
    events: tuple[GuardEvent, ...]


class ModelSteps:
    """Builds the model requests from flow data and folds the replies back into the state."""

    def __init__(self, llm: LanguageModel, texts: SystemTexts, guard: ReplyGuard) -> None:
        self._llm, self._texts, self._guard = llm, texts, guard

    async def extract(self, state: ConversationState, step: LlmExtract, now: datetime) -> Outcome:
        fields = tuple(_render_field(f, state.variables) for f in step.fields)
        request = ExtractRequest(instruction=render(step.instruction, state.variables),
                                 text=render(step.input, state.variables), fields=fields)
        usage, reason = TokenUsage(), ""
        events: tuple[GuardEvent, ...] = ()
        for attempt in range(ATTEMPTS):
            reply = await self._llm.extract(replace(request, retry_reason=reason))
            usage += reply.usage
            refused = await self._refused_fields(reply, fields)
            if not refused:
                break
            action = GuardAction.REGENERATED if attempt + 1 < ATTEMPTS else GuardAction.FALLBACK
            events += tuple(self._event(state, step, kind, action, now)
                            for kind in dict.fromkeys(refused.values()))
            reason = " ".join(f"{name}: {self._guard.reason(kind)}"
                              for name, kind in refused.items())
        variables = dict(state.variables)
        for spec in fields:
            value = reply.values.get(spec.name, spec.default)
            if spec.name in refused:
                value = render(step.fallbacks.get(spec.name, spec.default), state.variables)
            if spec.choices and value not in spec.choices:
                value = spec.default
            variables[spec.name] = value
        return Outcome(state=replace(_charge(state, usage), variables=variables),
                       effects=Effects(usage=usage, guard_events=events))

    async def loop_open(self, state: ConversationState, step: LlmLoop, now: datetime) -> Outcome:
        said = await self._converse(state, step, _request(state, step, (), self._texts), now)
        opened = replace(_charge(state, said.usage),
                         llm_history=(ChatTurn(role=Role.ASSISTANT, content=said.text),))
        return Outcome(state=opened, effects=say(said.text) + Effects(
            usage=said.usage, guard_events=said.events))

    async def loop_reply(self, state: ConversationState, step: LlmLoop, text: str,
                         now: datetime) -> tuple[Outcome, bool]:
        """Answer one user reply; return the outcome and whether the loop is finished (then its
        transcript is stored in `save_as`, `save_as_closing` and `save_as_user_text`)."""
        history = (*state.llm_history, ChatTurn(role=Role.USER, content=text))
        request = _request(state, step, history, self._texts)
        if request.user_turns >= step.max_turns:
            # The last allowed answer: the step's closing, whatever a model would say.
            said = _Said(request.closing, True, TokenUsage(), ())
        else:
            said = await self._converse(state, step, request, now)
        state = _charge(state, said.usage)
        effects = say(said.text) + Effects(usage=said.usage, guard_events=said.events)
        history = (*history, ChatTurn(role=Role.ASSISTANT, content=said.text))
        if not said.done:
            return Outcome(state=replace(state, llm_history=history), effects=effects), False
        variables = {**state.variables, **transcript_variables(step.save_as, history)}
        return Outcome(state=replace(state, variables=variables, llm_history=()),
                       effects=effects), True

    async def _converse(self, state: ConversationState, step: LlmLoop, request: ConverseRequest,
                        now: datetime) -> _Said:
        """The model's next message of the loop, guarded; a refused one is asked for again
        once with the reason, then the step's fallback (or closing) is said instead."""
        usage, reason, done = TokenUsage(), "", False
        events: tuple[GuardEvent, ...] = ()
        for attempt in range(ATTEMPTS):
            reply = await self._llm.converse(replace(request, retry_reason=reason))
            usage += reply.usage
            answered = request.user_turns > 0 and not reply.cut  # an opening never closes
            if answered and reply.done and request.user_turns < step.min_turns:
                event = self._event(state, step, GuardKind.EARLY_DONE, GuardAction.CONTINUED, now)
                return _Said(self._next_question(state, step, request), False, usage,
                             (*events, event))
            done = answered and reply.done
            # A closing never ends on a question nobody will wait for: the flow's closing then.
            text = request.closing if done and _asks(reply.text) else reply.text
            kind = GuardKind.CUT if reply.cut else await self._guard.failure(
                text, needs_question=not done,
                scripted=(*request.guide_questions, request.closing))
            if kind is None:
                return _Said(text, done, usage, events)
            action = GuardAction.REGENERATED if attempt + 1 < ATTEMPTS else GuardAction.FALLBACK
            events += (self._event(state, step, kind, action, now),)
            reason = self._guard.reason(kind)
        return _Said(request.closing if done else self._fallback(state, step), done, usage,
                     events)

    async def _refused_fields(self, reply: ExtractReply,
                              fields: Sequence[FieldSpec]) -> dict[str, GuardKind]:
        """The fields whose value may not be used, each with why. An answer cut at the token
        limit is refused whole; a choice field is otherwise checked by its choices."""
        if reply.cut:
            return {spec.name: GuardKind.CUT for spec in fields}
        refused: dict[str, GuardKind] = {}
        for spec in fields:
            if spec.choices:
                continue
            kind = await self._guard.failure(reply.values.get(spec.name, spec.default),
                                             needs_question=spec.shape is FieldShape.QUESTION)
            if kind is not None:
                refused[spec.name] = kind
        return refused

    def _fallback(self, state: ConversationState, step: LlmLoop) -> str:
        return render(step.fallback or self._texts.loop_fallback, state.variables)

    def _next_question(self, state: ConversationState, step: LlmLoop,
                       request: ConverseRequest) -> str:
        """The guide question after those the user has answered, never the one just asked
        (the fallback past the last)."""
        asked = next((t.content for t in reversed(request.history) if t.role is Role.ASSISTANT), "")
        return next((q for q in request.guide_questions[request.user_turns:] if q not in asked),
                    self._fallback(state, step))

    def _event(self, state: ConversationState, step: Step, kind: GuardKind,
               action: GuardAction, now: datetime) -> GuardEvent:
        top = state.top
        event = GuardEvent(created_at=now, flow_id=top.flow_id if top else "", step_id=step.id,
                           kind=kind, action=action)
        self._guard.count(event)
        return event


def transcript_variables(save_as: str, history: Sequence[ChatTurn]) -> dict[str, Any]:
    """What a finished loop leaves in the flow's variables: the transcript in `save_as`, its
    last message (the closing) in `save_as_closing`, the user's words in `save_as_user_text`."""
    return {save_as: [{"role": t.role.value, "content": t.content} for t in history],
            f"{save_as}_closing": history[-1].content if history else "",
            f"{save_as}_user_text": "\n".join(t.content for t in history if t.role is Role.USER)}


def _asks(text: str) -> bool:
    """The message ends on a question (its last sentence asks something)."""
    return _TRAILING_EMOJI.sub("", text).endswith("?")


def _request(state: ConversationState, step: LlmLoop, history: tuple[ChatTurn, ...],
             texts: SystemTexts) -> ConverseRequest:
    return ConverseRequest(
        system_prompt=render(step.prompt, state.variables),
        # The model sees a bounded tail; the turn counters below count the whole loop.
        history=bounded_history(history),
        # A guide question that renders empty (an optional `{var}`) is left out.
        guide_questions=tuple(q for q in (render(g, state.variables)
                                          for g in step.guide_questions) if q.strip()),
        closing=render(step.closing or texts.loop_closing, state.variables),
        user_turns=sum(1 for t in history if t.role is Role.USER),
        min_turns=step.min_turns, max_turns=step.max_turns,
    )


def _charge(state: ConversationState, usage: TokenUsage) -> ConversationState:
    """Count a model call's tokens for the running exercise (kept with the conversation, so
    they survive between turns and its result stores them)."""
    return replace(state, usage=state.usage + usage) if usage.total else state


def _render_field(spec: FieldSpec, variables: Mapping[str, Any]) -> FieldSpec:
    return replace(spec, description=render(spec.description, variables))
