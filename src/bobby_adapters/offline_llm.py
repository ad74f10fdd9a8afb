"""The offline language model: deterministic rules, no network, clearly not a real model.

It asks the flow's guide questions in order, reflecting the user's last words back, gently
rephrases when the answer is very short or "I don't know", and says done once the questions are
answered (or at the turn limit). It extracts by keyword rules and first sentences. Good enough to
walk every exercise in demos and tests; honest about being simple."""

from __future__ import annotations

import re

from bobby_core.llm import (
    ConverseReply,
    ConverseRequest,
    ExtractReply,
    ExtractRequest,
    FieldSpec,
)
from bobby_core.model import Role

_NOT_SURE = re.compile(r"\b(i\s*(do\s*n[o']?t|dont)\s*know|not sure|no idea|idk|dunno)\b", re.I)
_WORD = re.compile(r"[a-z0-9']+")
_QUOTE_LIMIT = 80


class OfflineLanguageModel:
    @property
    def name(self) -> str:
        return "offline"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        users = [t.content for t in request.history if t.role is Role.USER]
        questions = request.guide_questions or ("Could you tell me a little more about that?",)
        if not users:
            return ConverseReply(text=questions[0], done=False)
        last = users[-1].strip()
        answered = sum(1 for u in users if _substantial(u))
        if len(users) >= request.max_turns or (
            answered >= max(request.min_turns, len(questions)) and _substantial(last)
        ):
            return ConverseReply(text=request.closing or "Thank you for sharing that.", done=True)
        if not _substantial(last):
            question = questions[min(answered, len(questions) - 1)]
            return ConverseReply(
                text=f"That's okay, there's no right answer. Let me put it another way: {question}",
                done=False)
        question = questions[min(answered, len(questions) - 1)]
        return ConverseReply(text=f"You said: \u201c{_quote(last)}\u201d. {question}", done=False)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        return ExtractReply(values={f.name: _extract_field(f, request.text) for f in request.fields})


def _substantial(text: str) -> bool:
    return len(_WORD.findall(text.lower())) >= 3 and not _NOT_SURE.search(text)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE_LIMIT else flat[: _QUOTE_LIMIT - 1].rstrip() + "\u2026"


def _extract_field(spec: FieldSpec, text: str) -> str:
    if not spec.choices:
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


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    sentence = match.group(1) if match else flat
    return sentence[:200]
