"""The steps carried out by a language model: `LlmExtract` and the turns of an `LlmLoop`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from bobby_core.engine.context import bounded_history
from bobby_core.engine.outcome import Effects, Outcome, say
from bobby_core.engine.steps import LlmExtract, LlmLoop
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.engine.templates import render
from bobby_core.llm import ConverseRequest, ExtractRequest, FieldSpec
from bobby_core.model import ChatTurn, ConversationState, Role, TokenUsage
from bobby_core.ports import LanguageModel

_TRAILING_EMOJI = re.compile(r"[\s\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]+$")


class ModelSteps:
    """Builds the model requests from flow data and folds the replies back into the state."""

    def __init__(self, llm: LanguageModel, texts: SystemTexts) -> None:
        self._llm, self._texts = llm, texts

    async def extract(self, state: ConversationState, step: LlmExtract) -> Outcome:
        fields = tuple(_render_field(f, state.variables) for f in step.fields)
        reply = await self._llm.extract(ExtractRequest(
            instruction=render(step.instruction, state.variables),
            text=render(step.input, state.variables), fields=fields,
        ))
        state = _charge(state, reply.usage)
        variables = dict(state.variables)
        for spec in fields:
            value = reply.values.get(spec.name, spec.default)
            if spec.choices and value not in spec.choices:
                value = spec.default
            variables[spec.name] = value
        return Outcome(state=replace(state, variables=variables), effects=Effects(usage=reply.usage))

    async def loop_open(self, state: ConversationState, step: LlmLoop) -> Outcome:
        reply = await self._llm.converse(_request(state, step, (), self._texts))
        state = _charge(state, reply.usage)
        opened = replace(state, llm_history=(ChatTurn(role=Role.ASSISTANT, content=reply.text),))
        return Outcome(state=opened, effects=say(reply.text) + Effects(usage=reply.usage))

    async def loop_reply(self, state: ConversationState, step: LlmLoop,
                         text: str) -> tuple[Outcome, bool]:
        """Answer one user reply; return the outcome and whether the loop is finished (then its
        transcript is stored in `save_as`, `save_as_closing` and `save_as_user_text`)."""
        history = (*state.llm_history, ChatTurn(role=Role.USER, content=text))
        request = _request(state, step, history, self._texts)
        reply = await self._llm.converse(request)
        state = _charge(state, reply.usage)
        text, done = reply.text, reply.done
        if not done and request.user_turns >= step.max_turns:
            done = True
        if done and (not reply.done or _asks(text)):
            # A loop that ends never ends on a question nobody will wait for: at the turn limit
            # (or when a model closes with a question) the flow's closing is said instead.
            text = request.closing or text
        effects = say(text) + Effects(usage=reply.usage)
        history = (*history, ChatTurn(role=Role.ASSISTANT, content=text))
        if not done:
            return Outcome(state=replace(state, llm_history=history), effects=effects), False
        variables = {**state.variables, **transcript_variables(step.save_as, history)}
        return Outcome(state=replace(state, variables=variables, llm_history=()),
                       effects=effects), True


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
