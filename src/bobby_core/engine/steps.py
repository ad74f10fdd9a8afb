"""The step kinds a flow is built from. Steps are plain data; the runner gives them meaning."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bobby_core.engine.parsing import normalise, parse_days, parse_int, parse_name, parse_yes_no
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.engine.templates import render
from bobby_core.llm import FieldSpec

log = logging.getLogger("bobby.flows")

# --- what an Ask accepts -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class FreeText:
    min_chars: int = 1
    hint: str = ""

    def parse(self, text: str) -> tuple[bool, Any]:
        cleaned = text.strip()
        return (len(cleaned) >= self.min_chars, cleaned)


@dataclass(frozen=True, slots=True, kw_only=True)
class YesNo:
    hint: str = ""

    def parse(self, text: str) -> tuple[bool, Any]:
        answer = parse_yes_no(text)
        return (answer is not None, answer)


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberRange:
    low: int
    high: int
    hint: str = ""
    words: tuple[str, ...] = ()
    """The scale's words, from `low` up (e.g. never, rarely, …): a reply may be the word."""
    days: bool = False
    """The number is a count of days: "tomorrow" is 1, "a week" 7."""

    def parse(self, text: str) -> tuple[bool, Any]:
        said = normalise(text)
        named = [n for n, word in enumerate(self.words, start=self.low) if normalise(word) in said.split()]
        number = parse_days(text) if self.days else parse_int(text)
        if number is None and len(named) == 1:
            number = named[0]
        return (number is not None and self.low <= number <= self.high, number)



@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    key: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    options: tuple[Option, ...]
    hint: str = ""

    def parse(self, text: str) -> tuple[bool, Any]:
        said = normalise(text)
        for option in self.options:
            names = {normalise(option.key), normalise(option.label)}
            names.update(normalise(a) for a in option.aliases)
            if said in names:
                return (True, option.key)
        # An option shown as "yes" or "no" takes every spelling of it ("yeah", "nope").
        answer = parse_yes_no(text)
        spelled = {True: "yes", False: "no"}.get(answer) if answer is not None else None
        for option in self.options:
            if spelled is not None and normalise(option.label) == spelled:
                return (True, option.key)
        return (False, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Name:
    """A person's name (or nickname): a few words, not a sentence ("I don't really have one")."""

    hint: str = ""

    def parse(self, text: str) -> tuple[bool, Any]:
        name = parse_name(text)
        return (name is not None, name)


Expectation = FreeText | YesNo | NumberRange | Choice | Name

CLOSED = (YesNo, NumberRange, Choice, Name)
"""The kinds that take only certain answers (a question back is asked about, not taken)."""


def hint_for(expect: Expectation, texts: SystemTexts) -> str:
    """What an answer the step cannot take gets: the step's own hint, else the kind's default."""
    if expect.hint:
        return expect.hint
    if isinstance(expect, NumberRange):
        return render(texts.hint_number, {"low": expect.low, "high": expect.high})
    if isinstance(expect, YesNo):
        return texts.hint_yes_no
    if isinstance(expect, Name):
        return texts.hint_name
    return texts.hint_choice if isinstance(expect, Choice) else texts.hint_free_text


# --- conditions for Branch -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class When:
    """`variables[var] <op> value`; op is one of == != > >= < <= in set said.

    `said` matches free text loosely: the normalised text is one of the values."""

    var: str
    op: str
    value: Any = None

    def holds(self, variables: Mapping[str, Any]) -> bool:
        """Evaluate only the operator asked for; values that cannot be compared (a text against
        a number) make the condition false, with a warning, rather than fail the user's turn."""
        actual = variables.get(self.var)
        try:
            return self._holds(actual)
        except TypeError:
            log.warning("condition %s %s %r cannot compare a %s; treated as false",
                        self.var, self.op, self.value, type(actual).__name__)
            return False

    def _holds(self, actual: Any) -> bool:
        if self.op == "set":
            return actual is not None and actual != ""
        if self.op == "==":
            return bool(actual == self.value)
        if self.op == "!=":
            return bool(actual != self.value)
        if self.op == "in":
            return actual in self.value
        if self.op == "said":
            return normalise(str(actual or "")) in {normalise(v) for v in self.value}
        if actual is None:
            return False
        if self.op == ">":
            return bool(actual > self.value)
        if self.op == ">=":
            return bool(actual >= self.value)
        if self.op == "<":
            return bool(actual < self.value)
        return bool(actual <= self.value)


ORDERING = frozenset({">", ">=", "<", "<="})
OPERATORS = frozenset({"==", "!=", ">", ">=", "<", "<=", "in", "set", "said"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    when: When
    goto: str


# --- the step kinds ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Say:
    """Send a message (text with `{var}` placeholders, optional media) and move on. `chart`
    names the variable an action left a chart in: it is drawn after the turn and sent as the
    message's media."""

    id: str
    text: str = ""
    media_url: str | None = None
    chart: str | None = None
    next: str | None = None


class Unsure(StrEnum):
    """What "I don't know" does at a question."""

    ASK_AGAIN = "ask_again"
    """The question in other words once, then what it takes (never stored as the answer)."""
    ANSWER = "answer"
    """Stored as the answer at once: the flow handles it (Journaling's reframed prompt)."""
    ANSWER_AFTER_REPHRASE = "answer_after_rephrase"
    """The question in other words once, then stored as the answer (the flow handles it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Ask:
    """Send a question and wait; store the parsed answer in `save_as`; re-ask on invalid input."""

    id: str
    save_as: str
    prompt: str = ""
    expect: Expectation = field(default_factory=FreeText)
    reask: str | None = None
    explain: str = ""
    """The short answer to a question back ("what do you store?"), said before the question."""
    rephrase: str = ""
    """The question in other words, said once to "I don't know" (the system default if empty)."""
    unsure: Unsure = field(default_factory=lambda: Unsure.ASK_AGAIN)
    """What "I don't know" does here (see `Unsure`)."""
    next: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LlmLoop:
    """A multi-turn model exchange that ends when the model says done, or at `max_turns`.

    The transcript is stored in `save_as`; the model's closing message in `save_as + "_closing"`."""

    id: str
    prompt: str
    save_as: str
    guide_questions: tuple[str, ...] = ()
    closing: str = ""
    """What ends the loop when the engine closes it (the system texts' default when empty)."""
    fallback: str = ""
    """What is said instead of a model reply the reply guard refused twice: a question that
    keeps the step going (the system texts' default when empty; shipped flows have their own)."""
    min_turns: int = 1
    max_turns: int = 6
    next: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LlmExtract:
    """One model call turning `input` (a template) into typed fields stored as variables."""

    id: str
    instruction: str
    input: str
    fields: tuple[FieldSpec, ...]
    fallbacks: Mapping[str, str] = field(default_factory=dict)
    """Per free-text field, a template used when the reply guard refused the model's value
    twice (the field's default when missing; shipped flows give every free-text field one)."""
    next: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Branch:
    """Go to the first case whose condition holds, else to `otherwise`."""

    id: str
    cases: tuple[Case, ...]
    otherwise: str

    @classmethod
    def if_yes(cls, *, id: str, var: str, then: str, otherwise: str) -> Branch:
        """The common fork after a yes/no question: `then` when the answer was yes."""
        return cls(id=id, cases=(Case(when=When(var=var, op="==", value=True), goto=then),),
                   otherwise=otherwise)

    @classmethod
    def if_set(cls, *, id: str, var: str, then: str, otherwise: str) -> Branch:
        """`then` when `var` holds something (not missing, None or empty)."""
        return cls(id=id, cases=(Case(when=When(var=var, op="set"), goto=then),),
                   otherwise=otherwise)

    @classmethod
    def on_words(cls, *, id: str, var: str, routes: Mapping[str, tuple[str, ...]],
                 otherwise: str) -> Branch:
        """Go to the first step of `routes` (step id -> words) whose words the user said."""
        return cls(id=id, cases=tuple(Case(when=When(var=var, op="said", value=words), goto=goto)
                                      for goto, words in routes.items()), otherwise=otherwise)


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """Run a named action (save a result, score, schedule, render) with fixed arguments."""

    id: str
    name: str
    args: Mapping[str, Any] = field(default_factory=dict)
    next: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubFlow:
    """Run another flow to its End, sharing variables, then continue here."""

    id: str
    flow_id: str
    next: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class End:
    """Finish this flow (and return to the parent flow, if any), optionally saying goodbye."""

    id: str
    text: str | None = None


Step = Say | Ask | LlmLoop | LlmExtract | Branch | Action | SubFlow | End
