"""The reply guard's rules on a model's words, read from `reply_rules.toml` beside this module.

Pure and synchronous: limits (length, letters), degenerate repetition, a missing question, and
patterns for insults, blame, encouragement of harm, diagnoses and promises of what Bobby does
not offer. Quoted text (the user's own words reflected back) is left out of the patterns."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from bobby_core.errors import FlowDefinitionError
from bobby_core.safety.guard_events import GuardKind

PATTERN_KINDS = (GuardKind.HARM, GuardKind.INSULT, GuardKind.BLAME, GuardKind.DIAGNOSIS)
"""Checked in this order: the worst first, so an event names the most serious failure."""
REPORTABLE = frozenset({GuardKind.INSULT, GuardKind.BLAME})
"""Kinds whose words may be the user's own thought, reported back ("you feel you're ...")."""

_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"|\u00ab[^\u00bb]*\u00bb")
_WORD = re.compile(r"[a-z0-9']+")
_SENTENCE_END = re.compile(r"[.!?\n]+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_LETTER = re.compile(r"[^\W\d_]")
REPEATED_WORDS = 3
"""The same word this many times in a row ("no no no")."""
REPEATED_RUN = 3
"""The same three words this many times anywhere in the reply."""
VARIED_WORDS = 0.35
"""A reply of 20 words or more with fewer distinct words than this share is going round."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyRules:
    max_chars: int
    min_letters: int
    patterns: Mapping[GuardKind, tuple[re.Pattern[str], ...]]
    reported: re.Pattern[str]
    promise: tuple[re.Pattern[str], ...]
    offered: tuple[str, ...]
    reasons: Mapping[GuardKind, str]

    @classmethod
    def parse(cls, source: str) -> ReplyRules:
        """Read a rules file; FlowDefinitionError when it is not TOML, a pattern does not
        compile, or a kind has no reason for the model."""
        try:
            table: Any = tomllib.loads(source)
            limits, offers = table["limits"], table["offers"]
            patterns = {kind: tuple(re.compile(p) for p in table["patterns"].get(kind.value, ()))
                        for kind in PATTERN_KINDS}
            reasons = {GuardKind(k): str(v).replace("{offered}", "; ".join(offers["offered"]))
                       for k, v in table["reasons"].items()}
            promise = _promise_patterns(offers)
        except (tomllib.TOMLDecodeError, KeyError, ValueError, re.error) as exc:
            raise FlowDefinitionError(f"reply rules: {type(exc).__name__}: {exc}") from None
        missing = sorted(k.value for k in GuardKind if k not in reasons
                         and k is not GuardKind.EARLY_DONE)
        if missing:
            raise FlowDefinitionError(f"reply rules: [reasons] lacks {missing}")
        return cls(max_chars=int(limits["max_chars"]), min_letters=int(limits["min_letters"]),
                   patterns=patterns, reported=re.compile(table["patterns"]["reported"]),
                   promise=promise, offered=tuple(offers["offered"]),
                   reasons=reasons)

    def failure(self, text: str, *, needs_question: bool,
                scripted: Sequence[str] = ()) -> GuardKind | None:
        """The first rule `text` breaks (None: it may be said). `needs_question`: the step
        waits for the user's answer, so the reply must ask something. `scripted`: the flow's
        own words (guide questions, closing), which the patterns do not read in a reply."""
        if len(_LETTER.findall(text)) < self.min_letters:
            return GuardKind.EMPTY
        if len(text) > self.max_chars:
            return GuardKind.TOO_LONG
        own = _normalised(own_words(text, scripted))
        if repeats(text):
            return GuardKind.REPETITION
        for kind in PATTERN_KINDS:
            if self._says(kind, own):
                return kind
        if any(p.search(own) for p in self.promise):
            return GuardKind.PROMISE
        if needs_question and "?" not in text and "\uff1f" not in text:
            return GuardKind.NO_QUESTION
        return None

    def _says(self, kind: GuardKind, own: str) -> bool:
        """A pattern of `kind` is said in Bobby's own voice: insults and blame neither after
        words that report the user's thought nor in a question (a Socratic question tests the
        user's belief in its own words: "does one mistake mean you are a failure?")."""
        for sentence in _SENTENCE.findall(own):
            for pattern in self.patterns[kind]:
                for found in pattern.finditer(sentence):
                    if kind not in REPORTABLE:
                        return True
                    framed = self.reported.search(sentence[:found.start()])
                    if not (framed or sentence.rstrip().endswith("?")):
                        return True
        return False

    def reason(self, kind: GuardKind) -> str:
        """Why a reply was refused, in words for the model (never the refused text)."""
        return self.reasons.get(kind, "")


def own_words(text: str, scripted: Sequence[str]) -> str:
    """The reply without the flow's own words in it, and without quotations (the user's)."""
    for words in scripted:
        if words.strip():
            text = text.replace(words.strip(), " ")
    return _QUOTED.sub(" ", text)


def _normalised(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def repeats(text: str) -> bool:
    """Degenerate repetition: a word three times in a row, a sentence said twice, a run of
    three words three times, or a long reply made of very few words."""
    lowered = text.lower().replace("\u2019", "'")
    words = _WORD.findall(lowered)
    if any(a == b == c for a, b, c in zip(words, words[1:], words[2:], strict=False)):
        return True
    sentences = Counter(tuple(_WORD.findall(s)) for s in _SENTENCE_END.split(lowered))
    if any(n >= 2 and len(s) >= 3 for s, n in sentences.items()):
        return True
    runs = Counter(zip(words, words[1:], words[2:], strict=False))
    if any(n >= REPEATED_RUN for n in runs.values()):
        return True
    return len(words) >= 20 and len(set(words)) / len(words) < VARIED_WORDS


def _promise_patterns(offers: Mapping[str, Any]) -> tuple[re.Pattern[str], ...]:
    def one_of(key: str) -> str:
        return "(?:" + "|".join(str(p) for p in offers[key]) + ")"

    openers, verbs = one_of("promise_openers"), one_of("service_verbs")
    things, contact = one_of("not_offered"), one_of("contact_verbs")
    return (re.compile(rf"\b{openers}\b[^.?!]{{0,40}}?\b{verbs}\b[^.?!]{{0,60}}?\b{things}\b"),
            re.compile(rf"\b{openers}\b[^.?!]{{0,20}}?\b{contact} you\b"))


@cache
def shipped_rules() -> ReplyRules:
    """The rules shipped beside this module."""
    source = files("bobby_core.safety").joinpath("reply_rules.toml").read_text(encoding="utf-8")
    return ReplyRules.parse(source)
