"""Reading what people type: yes/no in many spellings, numbers in digits or words, menu words."""

from __future__ import annotations

import re
import unicodedata

_YES = frozenset({
    "yes", "y", "yeah", "yea", "yep", "yup", "ya", "yah", "ye", "yess", "yesss", "sure", "ok",
    "okay", "k", "of course", "definitely", "absolutely", "please", "yes please", "go on",
    "go ahead", "why not", "alright", "all right", "i do", "i agree", "agree", "si", "oui", "ja",
    "👍", "✅",
})
_NO = frozenset({
    "no", "n", "nope", "nah", "na", "no thanks", "no thank you", "not now", "not really",
    "no way", "nay", "never", "not today", "i dont", "i do not", "dont", "don't", "non", "nein",
    "👎", "❌",
})
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}
_INT = re.compile(r"(?<![\d.])-?\d+(?![\d.]*\d)")


def normalise(text: str) -> str:
    """Lower-case, fold accents, drop punctuation (keeping emoji), squeeze spaces."""
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    kept = "".join(ch for ch in folded if not unicodedata.combining(ch))
    kept = re.sub(r"[.,!?;:\"()\[\]*_~]+", " ", kept.replace("\u2019", "'"))
    return " ".join(kept.split())


def parse_yes_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when it is neither."""
    words = normalise(text)
    if words in _YES:
        return True
    if words in _NO:
        return False
    first = words.split(" ", 1)[0] if words else ""
    if first in {"yes", "yeah", "yep", "yup", "sure", "ok", "okay"}:
        return True
    if first in {"no", "nope", "nah"}:
        return False
    return None


def parse_int(text: str) -> int | None:
    """The one whole number in the text (digits or a word up to ten), or None if none or many."""
    words = normalise(text)
    if words in _NUMBER_WORDS:
        return _NUMBER_WORDS[words]
    found = _INT.findall(words)
    if len(found) != 1:
        return None
    return int(found[0])
