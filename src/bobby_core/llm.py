"""What the engine asks of a language model, and what it gets back. Vendor-neutral."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bobby_core.model import ChatTurn, TokenUsage


@dataclass(frozen=True, slots=True, kw_only=True)
class ConverseRequest:
    """One turn of a multi-turn exchange (an `LlmLoop` step).

    `guide_questions` are the themes the exercise must cover, in order; a real model weaves them
    into the talk, the offline model asks them as written. `user_turns` counts the user's replies so
    far in this loop; `min_turns` and `max_turns` bound when the model may (or must) finish.
    """

    system_prompt: str
    history: tuple[ChatTurn, ...]
    guide_questions: tuple[str, ...] = ()
    closing: str = ""
    user_turns: int = 0
    min_turns: int = 1
    max_turns: int = 6
    retry_reason: str = ""
    """Set when the previous answer to this same request was refused by the reply guard: why,
    in words for the model (never the refused text), so it can write a better one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConverseReply:
    """The model's next message, and whether the exercise step is complete."""

    text: str
    done: bool
    usage: TokenUsage = field(default_factory=TokenUsage)
    cut: bool = False
    """The answer stopped at the token limit (finish reason "length"): whatever text there is
    is unfinished and is never sent."""


class FieldShape(StrEnum):
    """The kind of answer a free-text field wants (a rule-based model fills it by its kind)."""

    SENTENCE = "sentence"
    """One sentence taken from the text."""
    LINES = "lines"
    """Something of every line of the text (a summary of several answers)."""
    QUESTION = "question"
    """The text asked again as a simpler question, in other words."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldSpec:
    """One field to extract. With `choices`, the answer must be one of them; `keywords` per choice
    let a rule-based model classify without a network."""

    name: str
    description: str
    choices: tuple[str, ...] = ()
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default: str = ""
    shape: FieldShape = FieldShape.SENTENCE
    """What kind of answer a free-text field is; a rule-based model fills it by this."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractRequest:
    """One call that turns free text into typed fields (an `LlmExtract` step)."""

    instruction: str
    text: str
    fields: tuple[FieldSpec, ...]
    retry_reason: str = ""
    """Why the previous answer to this request was refused by the reply guard (see
    ConverseRequest.retry_reason)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractReply:
    values: dict[str, str]
    usage: TokenUsage = field(default_factory=TokenUsage)
    cut: bool = False
    """The answer stopped at the token limit: its values are not to be used."""
