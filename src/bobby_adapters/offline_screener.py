"""A rule-based crisis screener, organised around the warning signs of suicide-risk screening.

It errs towards flagging: a false alarm costs a kind message with helplines, a miss can cost far
more. The rules (bobby_adapters/screening) are grouped by warning sign (the C-SSRS categories,
self-harm, abuse, harm to others), read normalised text (slang, typos, accents) with idioms
removed and statements about other people masked, and a negation just before a phrase ("I'm not
suicidal") cancels it. A rule may also be cancelled by words anywhere in the message that give
its phrase an everyday reading (`Rule.unless`: "no point waking up early tomorrow, the meeting
is cancelled"). Measured by bench/screener_recall.py: tuned on screening/data, measured on
tests/data/screening (the held-out half, and thirteen sets written blind). On wordings nobody
tuned to they catch about half the crisis messages, nine explicit statements in ten and a third
of the passive wishes to die said without death words (README); every new voice brings wordings
they miss. So the classifier's check-in runs beside them, and with a model configured
moderation and the model risk check. The phrase rules are in screening/rules_en.py; the rules
that read a statement from its parts (a means and a question of whether it kills) in
screening/rules_en_parts.py."""

from __future__ import annotations

import re

from bobby_adapters.screening import rules_en, rules_en_parts, rules_other
from bobby_adapters.screening.rules_en import Rule
from bobby_adapters.screening.text import for_self, normalise
from bobby_core.model import LayerVerdict
from bobby_core.ports import ScreeningResult

RULES: tuple[Rule, ...] = (*rules_en.RULES, *rules_en_parts.RULES, *rules_other.RULES)

_CLAUSE_END = re.compile(r"[.,;!?~]|\bbut\b|\bthough\b|\bhowever\b|\bi\s+just\b")
_NEGATION = re.compile(r"\b(not|never|dont|didnt|doesnt|wont|wouldnt|isnt|arent|wasnt|havent|hasnt"
                       r"|hadnt|no\s+longer"
                       r"|im\s+not|no|nor|without)\b(?!\s+(stop|help|wait|one|point|reason|way))")
NEGATION_WINDOW = 4
"""Words before a phrase searched for a negation: "I'm not going to hurt myself" (3 words)."""


def negated(text: str, start: int) -> bool:
    """Whether a negation stands in the few words before `start`, within the same clause."""
    before = _CLAUSE_END.split(text[:start])[-1]
    words = before.split()[-NEGATION_WINDOW:]
    return bool(_NEGATION.search(" ".join(words)))


def matches(rule: Rule, text: str) -> bool:
    if rule.unless is not None and rule.unless.search(text):
        return False
    return any(not (rule.negatable and negated(text, m.start()))
               for m in rule.pattern.finditer(text))


def categories_of(text: str) -> tuple[str, ...]:
    """The warning signs the rules see in a message, in rule order, without repeats."""
    general = normalise(text)
    about_self = for_self(general)
    return tuple(dict.fromkeys(
        rule.category for rule in RULES
        if matches(rule, about_self if rule.about_self else general)))


class OfflineCrisisScreener:
    name = "offline-rules"

    async def screen(self, text: str) -> ScreeningResult:
        categories = categories_of(text)
        verdict = LayerVerdict(layer=self.name, flagged=bool(categories), categories=categories)
        return ScreeningResult(flagged=verdict.flagged, categories=categories,
                               screener=self.name, verdicts=(verdict,))
