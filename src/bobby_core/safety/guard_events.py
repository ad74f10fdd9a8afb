"""What the reply guard decided, as a record: the kind of failure, where, and what was done.

Never the refused text: a guard event tells an operator how often a step's model misbehaves,
not what it said to whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class GuardKind(StrEnum):
    """Why a model reply was not sent as it was."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    REPETITION = "repetition"
    NO_QUESTION = "no_question"
    """The step waits for the user's answer, and the reply asked nothing."""
    CUT = "cut"
    """The answer stopped at the token limit."""
    INSULT = "insult"
    BLAME = "blame"
    HARM = "harm"
    DIAGNOSIS = "diagnosis"
    PROMISE = "promise"
    """It offered something Bobby does not do (a coach, a call, an appointment)."""
    MODERATION = "moderation"
    """The moderation endpoint flagged it."""
    CRISIS = "crisis"
    """The crisis screening rules (those that read every user message) flagged it."""
    EARLY_DONE = "early_done"
    """The model closed a loop before the step's `min_turns`: the engine went on instead."""


class GuardAction(StrEnum):
    """What the engine did about it."""

    REGENERATED = "regenerated"
    """Asked the model again, with the reason."""
    FALLBACK = "fallback"
    """Said the step's scripted fallback (or closing) instead."""
    CONTINUED = "continued"
    """Asked the step's next guide question instead of closing."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GuardEvent:
    created_at: datetime
    flow_id: str
    step_id: str
    kind: GuardKind
    action: GuardAction


@dataclass(frozen=True, slots=True, kw_only=True)
class GuardCount:
    """How many guard events of one kind, action and step (the operator's view)."""

    flow_id: str
    step_id: str
    kind: str
    action: str
    count: int
