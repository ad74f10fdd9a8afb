"""A rule-based crisis screener: phrases and patterns for explicit and indirect crisis signals.

It errs towards flagging: a false alarm costs a kind message with helplines, a miss can cost far
more. Idioms that only sound alarming ("this deadline is killing me") are excluded explicitly."""

from __future__ import annotations

import re

from bobby_core.ports import ScreeningResult

_PATTERNS: dict[str, tuple[str, ...]] = {
    "suicide": (
        r"\b(kill|killing|end|ending|take|taking)\s+(my\s*self|myself|my\s+(own\s+)?life)\b",
        r"\bsuicid\w*",
        r"\b(want|wanna|going|ready|plan(ning)?)\s+(to\s+)?die\b",
        r"\bwish\s+i\s+(was|were)\s+(dead|never\s+born)\b",
        r"\b(better|easier)\s+off\s+(dead|without\s+me)\b",
        r"\bno\s+(reason|point)\s+(to|in)\s+(live|living|going\s+on|carry\s+on)\b",
        r"\b(don'?t|do\s+not)\s+want\s+to\s+(live|be\s+alive|exist|wake\s+up)\b",
        r"\bwant\s+to\s+(disappear|vanish)\s+(forever|for\s+good)\b",
        r"\b(end|ending)\s+it\s+all\b",
        r"\bcan'?t\s+go\s+on\b",
        r"\b(say|said|saying)\s+goodbye\s+(to\s+everyone|for\s+good|forever)\b",
        r"\b(overdose|hang\s+myself|jump\s+off|slit\s+my)\b",
    ),
    "self_harm": (
        r"\b(hurt|hurting|harm|harming|cut|cutting|burn|burning)\s+(my\s*self|myself)\b",
        r"\bself[\s-]?harm\w*",
    ),
    "harm_to_others": (
        r"\b(kill|hurt|harm|stab|shoot)\s+(him|her|them|someone|somebody|my\s+\w+)\b",
    ),
    "abuse": (
        r"\b(he|she|they|my\s+\w+)\s+(hits|beats|hurts|chokes|rapes?d?)\s+me\b",
        r"\b(being|been|was|am)\s+(abused|raped|assaulted|beaten)\b",
        r"\bafraid\s+(to\s+go\s+home|of\s+my\s+(partner|husband|wife|boyfriend|girlfriend))\b",
    ),
}
# Everyday hyperbole: neutralised before matching so it cannot trigger a flag on its own.
_IDIOMS = (
    r"\b(this|the|that|my|it|work|job|deadline|commute|boss|meeting|traffic)s?\s+(\w+\s+)?"
    r"(is|are|was)\s+killing\s+me\b",
    r"\bkill(ed|ing)?\s+(it|the\s+\w+)\b",
    r"\b(dying|die)\s+(to|for)\s+(see|know|try|get|go|a|an|some)\b",
    r"\bkill\s+(time|the\s+lights)\b",
    r"\bcut\s+myself\s+(some\s+slack|off)\b",
)
_COMPILED = {cat: tuple(re.compile(p, re.I) for p in pats) for cat, pats in _PATTERNS.items()}
_IDIOM_RE = tuple(re.compile(p, re.I) for p in _IDIOMS)


class OfflineCrisisScreener:
    name = "offline-rules"

    async def screen(self, text: str) -> ScreeningResult:
        cleaned = " ".join(text.replace("\u2019", "'").split())
        for idiom in _IDIOM_RE:
            cleaned = idiom.sub(" ", cleaned)
        categories = tuple(cat for cat, pats in _COMPILED.items()
                           if any(p.search(cleaned) for p in pats))
        return ScreeningResult(flagged=bool(categories), categories=categories,
                               screener=self.name)
