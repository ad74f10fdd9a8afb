"""The copy of an exercise's state that a caller keeps between calls (the prototype's Studio
loop widgets send back, every call, the history they got the last time), and what turns it
into the engine's state and back: nothing of the engine's rules, only where things are kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bobby_core.engine.flow import Flow
from bobby_core.engine.model_steps import transcript_variables
from bobby_core.engine.steps import Ask, Expectation, LlmLoop, NumberRange
from bobby_core.errors import FlowDefinitionError
from bobby_core.model import ChatTurn, JsonValue, Role


@dataclass(frozen=True, slots=True, kw_only=True)
class CrisisNote:
    """A crisis signal met on a call that named nobody: categories only, never the text."""

    categories: tuple[str, ...]
    screener: str
    step_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class KeptState:
    step: str | None = None
    """Where the flow stands: the step that waits, or the one a call stopped in front of
    (None: nothing has run yet)."""
    variables: Mapping[str, JsonValue] = field(default_factory=dict)
    talk: tuple[ChatTurn, ...] = ()
    """A waiting model loop's exchange so far."""
    crises: tuple[CrisisNote, ...] = ()
    """Crisis signals met on the way, for the call that names the user to record."""


def read_answer(expect: Expectation, raw: str | None) -> Any:
    """A reply the caller took itself, as the question reads it: a number outside its scale is
    moved to the nearest end (the caller did not ask again); anything else refused is None."""
    if raw is None or not raw.strip():
        return None
    ok, value = expect.parse(raw)
    if ok:
        return value
    if isinstance(expect, NumberRange) and isinstance(value, int):
        return min(max(value, expect.low), expect.high)
    return None


def answered(flow: Flow, answers: Mapping[str, str | None]) -> dict[str, Any]:
    """The flow variables the caller's answers fill, each read by its question (by step id)."""
    variables: dict[str, Any] = {}
    for step_id, raw in answers.items():
        ask = flow.step(step_id)
        if not isinstance(ask, Ask):
            raise FlowDefinitionError(f"{flow.id}: step {step_id!r} asks nothing")
        variables[ask.save_as] = read_answer(ask.expect, raw)
    return variables


def _derived(flow: Flow) -> dict[str, str]:
    """The variables each model loop derives from its transcript, by name: the transcript's."""
    return {name: loop.save_as for loop in flow.steps if isinstance(loop, LlmLoop)
            for name in transcript_variables(loop.save_as, ()) if name != loop.save_as}


def compact(flow: Flow, variables: Mapping[str, Any]) -> dict[str, JsonValue]:
    """The variables to keep: without what a transcript gives again (the copy stays small)."""
    derived = _derived(flow)
    return {name: value for name, value in variables.items() if name not in derived}


def restored(flow: Flow, variables: Mapping[str, Any]) -> dict[str, Any]:
    """The kept variables with what each finished loop's transcript gives."""
    full = dict(variables)
    for save_as in set(_derived(flow).values()):
        turns = turns_of(full.get(save_as))
        if turns:
            full.update(transcript_variables(save_as, turns))
    return full


def turns_of(raw: Any) -> tuple[ChatTurn, ...]:
    """A transcript as the engine stores it, read back; entries of any other shape are left out."""
    if not isinstance(raw, list):
        return ()
    return tuple(ChatTurn(role=Role(entry["role"]), content=entry["content"]) for entry in raw
                 if isinstance(entry, Mapping) and isinstance(entry.get("content"), str)
                 and entry.get("role") in (Role.USER.value, Role.ASSISTANT.value))
