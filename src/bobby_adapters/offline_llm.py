"""The offline language model: deterministic rules, no network, clearly not a real model.

It walks the flow's guide questions in order and never goes back: any real answer (one word is
enough) moves to the next question; "nothing", "that's it" or "I'm done" also ends the follow-up
questions of that part (those starting "What else…"); "I don't know" gets the question asked in
other words once, then the talk moves on. Openings vary, chosen by a hash of the conversation, so
the same talk always gets the same replies. It extracts by keyword rules and first sentences (or
every line, or the question in other words, for fields whose shape asks for it). Asked to map a
reply onto a question's answers (a choice field whose choices carry no keywords), it finds
nothing the engine's own matcher did not and answers the field's default ("none fits"), so the
question says what it takes. Good enough to walk every exercise in demos and tests; honest about
being simple."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from bobby_core.engine.parsing import answer_words, plain
from bobby_core.llm import (
    ConverseReply,
    ConverseRequest,
    ExtractReply,
    ExtractRequest,
    FieldShape,
    FieldSpec,
)
from bobby_core.model import Role

_NOT_SURE = re.compile(
    r"\b(i\s*(do\s*n[o']?t|dont|don\u2019t)\s*know|not sure|no idea|idk|dunno|no clue|"
    r"can'?t think|cannot think|i'?m not sure)\b", re.I)
_DONE = frozenset({
    "no", "nope", "nah", "none", "nothing", "nothing else", "nothing more", "not really",
    "that's it", "thats it", "that is it", "that's all", "thats all", "that is all", "i'm done",
    "im done", "i am done", "done", "no more", "not anything", "that's everything",
    "thats everything", "no that's it", "no thats it", "all done", "finished",
})
_BARE_YES = frozenset({"yes", "yep", "yeah", "ok", "okay", "sure", "y"})
_FOLLOW_UP = re.compile(r"^\s*(what|anything|is there anything|who|where) else\b", re.I)
_WORD = re.compile(r"[\w']+")
_QUOTE_LIMIT = 60
_FALLBACK_QUESTION = "Could you tell me a little more about that?"

_ACKNOWLEDGE = (
    "Thank you.", "I hear you.", "That makes sense.", "Okay.", "Thanks for sharing that.",
    "Got it.", "I appreciate you telling me.", "Right.",
)
_REFLECT = (
    "You said \u201c{quote}\u201d.", "\u201c{quote}\u201d: thank you for putting it into words.",
    "So, \u201c{quote}\u201d.",
)
_MOVE_ON = ("Okay, let's move on.", "Fair enough.", "That's fine.", "Alright.")
_REASSURE = ("That's okay, there's no right answer.", "No problem, take your time.",
             "That's completely fine.")
_REPHRASE = (
    "If you had to guess, {ask}",
    "Let's keep it small, the first thing that comes to mind: {ask}",
    "Try it without overthinking it: {ask} A word or two is plenty.",
)


class OfflineLanguageModel:
    @property
    def name(self) -> str:
        return "offline"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        users = [t.content for t in request.history if t.role is Role.USER]
        questions = request.guide_questions or (_FALLBACK_QUESTION,)
        if not users:
            return ConverseReply(text=questions[0], done=False)
        walk = _walk(users, questions)
        if walk.index >= len(questions) or len(users) >= request.max_turns:
            return ConverseReply(text=request.closing or "Thank you for sharing that.", done=True)
        seed = _seed(request)
        question = questions[walk.index]
        last = users[-1]
        if walk.rephrase:
            text = f"{_pick(_REASSURE, seed)} {rephrase(question, seed // 7)}"
        elif walk.skipped:
            text = f"{_pick(_MOVE_ON, seed)} {question}"
        elif _acknowledges(question):
            text = question  # the flow's question brings its own "That's kind."
        else:
            text = f"{_opening(last, seed)} {question}"
        return ConverseReply(text=text, done=False)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        return ExtractReply(values={f.name: _extract_field(f, request.text) for f in request.fields})


@dataclass(frozen=True, slots=True)
class _Walk:
    index: int
    """The guide question to ask next (past the end: all are answered)."""
    rephrase: bool = False
    """The last answer was "I don't know" for the first time: ask the same thing in other words."""
    skipped: bool = False
    """The last answer closed a part ("that's it"): say so before the next question."""


def _walk(users: Sequence[str], questions: Sequence[str]) -> _Walk:
    """Replay the user's answers over the guide questions; the index only ever moves forward."""
    index, unsure, walk = 0, 0, _Walk(0)
    for answer in users:
        if is_not_sure(answer) and unsure == 0:
            unsure = 1
            walk = _Walk(index, rephrase=True)
            continue
        unsure = 0
        if is_done(answer) or is_not_sure(answer):
            index += 1
            while index < len(questions) and _FOLLOW_UP.match(questions[index]):
                index += 1
            walk = _Walk(index, skipped=True)
        else:
            index += 1
            walk = _Walk(index)
    return walk


def _acknowledges(question: str) -> bool:
    """The question opens with a short remark of its own (such as "That's kind.")."""
    first = re.match(r"\s*([^.?!]+)[.!]\s", question)
    return first is not None and len(first.group(1).split()) <= 3


def rephrase(question: str, seed: int) -> str:
    """The question in other words: its preamble dropped, the ask itself led in differently."""
    sentences = re.findall(r"[^.?!]+[.?!]?", question)
    asks = [s.strip() for s in sentences if s.strip().endswith("?")]
    ask = asks[0] if asks else question.strip()
    if ask.split(" ", 1)[0] not in {"I", "I'm", "I'd"}:
        ask = ask[:1].lower() + ask[1:]
    return _pick(_REPHRASE, seed).format(ask=ask)


def is_not_sure(text: str) -> bool:
    return bool(_NOT_SURE.search(text))


def is_done(text: str) -> bool:
    return " ".join(_WORD.findall(text.lower().replace("\u2019", "'"))) in _DONE


def _seed(request: ConverseRequest) -> int:
    """A stable number for this point of this conversation (never Python's salted hash())."""
    said = "\n".join(t.content for t in request.history)
    return zlib.crc32(f"{request.system_prompt[:80]}\n{said}".encode())


def _pick(options: Sequence[str], seed: int) -> str:
    return options[seed % len(options)]


def _opening(last: str, seed: int) -> str:
    """An acknowledgement; now and then the user's own words reflected back (a whole-word
    quote, never more than once in three turns)."""
    if len(_WORD.findall(last)) >= 4 and seed % 3 == 0:
        return _pick(_REFLECT, seed // 3).format(quote=quote(last))
    return _pick(_ACKNOWLEDGE, seed // 3)


def quote(text: str, limit: int = _QUOTE_LIMIT) -> str:
    """The text on one line, cut at a word boundary with an ellipsis when long, without the
    closing punctuation (the sentence around the quote supplies its own)."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat[: limit + 1].rsplit(" ", 1)[0] if " " in flat[:limit + 1] else flat[:limit]
        return cut.rstrip(" ,;:.!?-") + "\u2026"
    return flat.rstrip(" .!;:,")


def _extract_field(spec: FieldSpec, text: str) -> str:
    if not spec.choices:
        if spec.shape is FieldShape.LINES:
            return _all_lines(text) or spec.default
        if spec.shape is FieldShape.QUESTION:
            return _simpler(text) or spec.default
        return _first_sentence(text) or spec.default
    words = set(_WORD.findall(text.lower()))
    lowered = text.lower()
    best, best_hits = spec.default, 0
    for choice in spec.choices:
        keywords = (*spec.keywords.get(choice, ()), choice)
        hits = sum(1 for k in keywords if (k.lower() in words if " " not in k else k.lower() in lowered))
        if hits > best_hits:
            best, best_hits = choice, hits
    return best


_SIMPLER = (
    "Think of just one moment from the last few days. {ask}",
    "Keep it small and think of one recent example. {ask}",
    "Picture one ordinary day this week. {ask}",
)


def _simpler(text: str) -> str:
    """The text's question asked about one recent moment (never the same words again)."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    sentences = [s.strip() for s in re.findall(r"[^.?!]+[.?!]?", flat) if s.strip()]
    asks = [s for s in sentences if s.endswith("?")]
    ask = asks[0] if asks else f"Could you {_lower_first(sentences[0]).rstrip('.!')}, in a sentence or two?"
    return _pick(_SIMPLER, zlib.crc32(flat.encode())).format(ask=ask)


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    sentence = match.group(1) if match else flat
    return sentence[:200]


def _all_lines(text: str) -> str:
    """Every line that says something, in order, each as a sentence of its own (never glued
    with semicolons); "I don't know", "that's it", a bare "yes" or "no" and a line of only
    emoji say nothing; a line said again is kept once."""
    parts = [" ".join(line.split()).rstrip(" .;,") for line in text.splitlines()]
    kept: dict[str, str] = {}
    for part in parts:
        if _says_something(part):
            kept.setdefault(plain(part), part)
    parts = list(kept.values())
    if not parts:
        return ""
    sentences = [p[:1].upper() + p[1:] + ("" if p.endswith(("!", "?")) else ".") for p in parts]
    return " ".join(sentences)[:400]


def _says_something(line: str) -> bool:
    if not line or not any(ch.isalnum() for ch in line):
        return False
    if is_not_sure(line) or is_done(line) or line.lower() in _BARE_YES:
        return False
    said = plain(line)
    return said not in answer_words().yes and said not in answer_words().no


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first in {"I", "I'm", "I'd", "I'll", "I've"} or first.isupper():
        return text
    return text[:1].lower() + text[1:]
