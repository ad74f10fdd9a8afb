"""Reading a reply to an Ask: an answer the question takes, "I don't know", a question back, or
none of these. The deterministic matcher reads it first (the kinds' own parsing, then the words
the question shows beside its numbers, "5 - better"); only when nothing matched does a language
model map the reply onto the answers, with a structured output (an option, a question back, or
none fits). A model that is down, or the offline one, leaves the reply unclear: the step then
says kindly what it takes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from bobby_core.engine.outcome import Effects, Outcome, say
from bobby_core.engine.parsing import is_not_sure, is_question, plain
from bobby_core.engine.steps import (
    CLOSED,
    Ask,
    Choice,
    FreeText,
    Name,
    NumberRange,
    Unsure,
    YesNo,
    hint_for,
)
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.engine.templates import render
from bobby_core.errors import ExternalServiceError
from bobby_core.llm import ExtractRequest, FieldSpec
from bobby_core.model import ConversationState, TokenUsage
from bobby_core.ports import LanguageModel

_SHOWN = re.compile(r"^\s*\*?(\d+)\*?\s*[-\u2013\u2014:.)=]\s*(.+?)\s*$", re.M)
_NEGATION = frozenset({"not", "no", "dont", "isnt", "wasnt", "never", "nothing"})
QUESTION_BACK, NONE_FITS = "question back", "none fits"


class Reading(StrEnum):
    ANSWER = "answer"
    NOT_SURE = "not_sure"
    QUESTION = "question"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class Read:
    reading: Reading
    value: Any = None
    usage: TokenUsage = field(default_factory=TokenUsage)


def offered(step: Ask, variables: Mapping[str, Any]) -> tuple[tuple[Any, str], ...]:
    """What a closed question takes, as (value, the words a user sees for it)."""
    expect = step.expect
    if isinstance(expect, YesNo):
        return ((True, "yes"), (False, "no"))
    if isinstance(expect, Choice):
        return tuple((o.key, o.label) for o in expect.options)
    if isinstance(expect, NumberRange):
        shown = shown_words(render(step.prompt, variables))
        words = dict(enumerate(expect.words, start=expect.low))
        return tuple((n, f"{n} - {shown.get(n) or words.get(n)}" if shown.get(n) or words.get(n)
                      else str(n)) for n in range(expect.low, expect.high + 1))
    return ()


def shown_words(prompt: str) -> dict[int, str]:
    """The words a question shows beside its numbers ("5 - better" gives 5: "better")."""
    return {int(n): words.strip(" *_") for n, words in _SHOWN.findall(prompt)}


def _by_shown_words(step: Ask, text: str, variables: Mapping[str, Any]) -> Any:
    """The number whose shown words the reply says ("better", "much better", "the same"), if
    exactly one; a reply that negates ("not better") is left to the model."""
    if not isinstance(step.expect, NumberRange):
        return None
    said = plain(text)
    if not said:
        return None
    shown = {n: plain(w) for n, w in shown_words(render(step.prompt, variables)).items()
             if step.expect.low <= n <= step.expect.high}
    exact = [n for n, words in shown.items() if words == said]
    if exact:
        return exact[0]
    negated = bool(set(said.split()) & _NEGATION)
    near = [n for n, words in shown.items()
            if f" {words} " in f" {said} " or f" {said} " in f" {words} "]
    if len(near) == 1 and not (negated and not set(shown[near[0]].split()) & _NEGATION):
        return near[0]
    return None


def read_locally(step: Ask, text: str, variables: Mapping[str, Any]) -> Read:
    """What the deterministic matcher makes of the reply."""
    expect = step.expect
    if isinstance(expect, FreeText):
        if step.unsure is not Unsure.ANSWER and is_not_sure(text):
            return Read(Reading.NOT_SURE)
        ok, value = expect.parse(text)
        return Read(Reading.ANSWER, value) if ok else Read(Reading.UNCLEAR)
    ok, value = expect.parse(text)
    if ok:
        return Read(Reading.ANSWER, value)
    shown = _by_shown_words(step, text, variables)
    if shown is not None:
        return Read(Reading.ANSWER, shown)
    if is_not_sure(text):
        return Read(Reading.NOT_SURE)
    if is_question(text):
        return Read(Reading.QUESTION)
    return Read(Reading.UNCLEAR)


class AnswerReader:
    """Reads replies to Asks: the matcher first, then the model for closed questions."""

    def __init__(self, llm: LanguageModel) -> None:
        self._llm = llm

    async def read(self, step: Ask, text: str, variables: Mapping[str, Any], *,
                   rephrased: bool, may_use_model: bool) -> Read:
        """`rephrased`: the question was put in other words already; `may_use_model`: the user
        consented (nothing they say reaches a model before)."""
        local = read_locally(step, text, variables)
        if local.reading is Reading.NOT_SURE and rephrased \
                and step.unsure is Unsure.ANSWER_AFTER_REPHRASE:
            ok, value = step.expect.parse(text)
            return Read(Reading.ANSWER, value) if ok else local
        if local.reading is not Reading.UNCLEAR or not isinstance(step.expect, CLOSED) \
                or isinstance(step.expect, Name) or not may_use_model:
            return local
        options = offered(step, variables)
        if not options:
            return local
        return await self._ask_model(step, text, variables, options)

    async def _ask_model(self, step: Ask, text: str, variables: Mapping[str, Any],
                         options: tuple[tuple[Any, str], ...]) -> Read:
        labels = tuple(f"option {n}" for n in range(1, len(options) + 1))
        instruction = render(_instruction(), {
            "question": render(step.prompt, variables).strip(),
            "options": "\n".join(f"{n}. {label}" for n, (_, label) in enumerate(options, 1))})
        try:
            reply = await self._llm.extract(ExtractRequest(
                instruction=instruction, text=text,
                fields=(FieldSpec(name="answer", description="What the reply means",
                                  choices=(*labels, QUESTION_BACK, NONE_FITS),
                                  default=NONE_FITS),)))
        except ExternalServiceError:
            # The question says what it takes; the user never waits on a model that is down.
            return Read(Reading.UNCLEAR)
        meant = reply.values.get("answer", NONE_FITS)
        if meant in labels:
            return Read(Reading.ANSWER, options[labels.index(meant)][0], reply.usage)
        if meant == QUESTION_BACK:
            return Read(Reading.QUESTION, usage=reply.usage)
        return Read(Reading.UNCLEAR, usage=reply.usage)


@cache
def _instruction() -> str:
    return files("bobby_core.engine").joinpath("match_answer.txt").read_text(encoding="utf-8")


def not_taken(state: ConversationState, step: Ask, read: Read, texts: SystemTexts) -> Outcome:
    """A reply the question does not take: "I don't know" gets the question in other words
    (once), a question back its short answer and the question again, anything else what the
    question takes (a second "I don't know" too, unless the step stores it: `Unsure`). The
    step stays where it is."""
    variables = state.variables
    hint = render(step.reask or hint_for(step.expect, texts), variables)
    usage = Effects(usage=read.usage)
    top = state.stack[-1]
    if read.reading is Reading.NOT_SURE and not top.rephrased:
        again = replace(state, stack=(*state.stack[:-1], replace(top, rephrased=True)))
        other_words = render(step.rephrase or texts.not_sure, {**variables, "hint": hint})
        return Outcome(state=again, effects=say(other_words) + usage)
    if read.reading is Reading.QUESTION:
        answer = render(step.explain or texts.question_back, variables)
        asked = render(step.prompt, variables)
        return Outcome(state=state, effects=say(f"{answer}\n\n{asked}") + usage)
    return Outcome(state=state, effects=say(hint) + usage)
