"""Reading what people type: yes/no in many spellings, numbers in digits or words, days,
"I don't know", a question back, a name. The spellings live in `answer_words.toml` beside this
module, not here."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

_INT = re.compile(r"(?<![\d.])-?\d+(?![\d.]*\d)")


def normalise(text: str) -> str:
    """Lower-case, fold accents, drop punctuation (keeping emoji), squeeze spaces."""
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    kept = "".join(ch for ch in folded if not unicodedata.combining(ch))
    kept = re.sub(r"[.,!?;:\"()\[\]*_~]+", " ", kept.replace("\u2019", "'"))
    return " ".join(kept.split())


def plain(text: str) -> str:
    """`normalise`d, without apostrophes or dashes: "Don't" and "dont" read the same."""
    return " ".join(normalise(text).replace("'", "").replace("-", " ").split())


@dataclass(frozen=True, slots=True)
class AnswerWords:
    """The spellings of `answer_words.toml`, each list `plain`ed."""

    yes: frozenset[str]
    yes_first: frozenset[str]
    no: frozenset[str]
    no_first: frozenset[str]
    not_sure: frozenset[str]
    nothing: frozenset[str]
    sign_off: frozenset[str]
    sign_off_words: frozenset[str]
    question_first: frozenset[str]
    numbers: dict[str, int]
    days: dict[str, int]
    not_a_name: frozenset[str]
    name_max_words: int

    @classmethod
    def parse(cls, source: str) -> AnswerWords:
        table: dict[str, Any] = tomllib.loads(source)

        def words(section: str, key: str) -> frozenset[str]:
            return frozenset(plain(str(w)) for w in table[section][key])

        return cls(
            yes=words("yes", "whole"), yes_first=words("yes", "first"),
            no=words("no", "whole"), no_first=words("no", "first"),
            not_sure=words("not_sure", "whole"), nothing=words("nothing", "whole"),
            sign_off=words("sign_off", "whole"), sign_off_words=words("sign_off", "words"),
            question_first=words("question", "first"),
            numbers={plain(k): int(v) for k, v in table["numbers"].items()},
            days={plain(k): int(v) for k, v in table["days"].items()},
            not_a_name=words("name", "not_a_name"),
            name_max_words=int(table["name"]["max_words"]))


@cache
def answer_words() -> AnswerWords:
    """The shipped spellings."""
    source = files("bobby_core.engine").joinpath("answer_words.toml").read_text(encoding="utf-8")
    return AnswerWords.parse(source)


def parse_yes_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when it is neither (nor a question back that only
    starts with "ok")."""
    said, known = plain(text), answer_words()
    if said in known.yes:
        return True
    if said in known.no:
        return False
    if "?" in text:
        return None
    first = said.split(" ", 1)[0] if said else ""
    if first in known.yes_first:
        return True
    if first in known.no_first:
        return False
    return None


def parse_int(text: str) -> int | None:
    """The one whole number in the text (digits or a word up to ten), or None if none or many."""
    words = normalise(text)
    numbers = answer_words().numbers
    if words in numbers:
        return numbers[words]
    found = _INT.findall(words)
    if len(found) == 1:
        return int(found[0])
    if found:
        return None
    named = {numbers[w] for w in words.split() if w in numbers}
    return named.pop() if len(named) == 1 and len(words.split()) <= 4 else None


def parse_days(text: str) -> int | None:
    """A number of days: "tomorrow" is 1, "a week" 7, else the one number said."""
    said = plain(text)
    days = answer_words().days
    for prefix in ("in ", "after ", "maybe ", "how about "):
        if said.startswith(prefix) and said[len(prefix):] in days:
            said = said[len(prefix):]
    return days[said] if said in days else parse_int(text)


def is_not_sure(text: str) -> bool:
    """The whole message says "I don't know" (a sentence that only contains it does not)."""
    return plain(text) in answer_words().not_sure


def says_nothing(text: str) -> bool:
    """The whole message names nothing ("nothing", "that's it", "I don't know", "no")."""
    said = plain(text)
    return not said or said in answer_words().nothing or said in answer_words().not_sure


def is_sign_off(text: str) -> bool:
    """The whole message only acknowledges, says goodbye or names nothing ("skip", "thanks")."""
    said, known = plain(text), answer_words()
    if said in known.sign_off or says_nothing(text):
        return True
    return bool(said) and all(word in known.sign_off_words for word in said.split())


def is_question(text: str) -> bool:
    """The message asks something back (it ends with "?" or opens like a question)."""
    said = plain(text)
    if not said:
        return False
    return text.strip().endswith("?") or said.split(" ", 1)[0] in answer_words().question_first


def parse_name(text: str) -> str | None:
    """The name the message is (a few words, none of them a sentence's), else None."""
    cleaned = " ".join(text.strip().strip(".!").split())
    words = plain(cleaned).split()
    known = answer_words()
    if not words or len(words) > known.name_max_words or "?" in cleaned:
        return None
    if any(w in known.not_a_name for w in words):
        return None
    return cleaned
