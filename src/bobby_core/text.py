"""Text rules shared by every channel: what inbound text may hold, how outbound text is split."""

from __future__ import annotations

import re

WHATSAPP_LIMIT = 1600
# C0 controls but tab, newline and carriage return, and DEL: PostgreSQL refuses NUL in text and
# the rest only garble what a coach reads later.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Inbound text as it may be stored: control characters dropped, and lone surrogates (JSON
    can carry `\\udce9`; no encoder can write one) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", _CONTROLS.sub("", text))


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def split_message(text: str, limit: int = WHATSAPP_LIMIT) -> list[str]:
    """Split text into parts of at most `limit` characters, at paragraphs, then sentences,
    then words; a single word longer than the limit is cut."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    for unit in _units(text, limit):
        if parts and len(parts[-1]) + len(unit.sep) + len(unit.text) <= limit:
            parts[-1] = parts[-1] + unit.sep + unit.text
        else:
            parts.append(unit.text)
    return parts


class _Unit:
    __slots__ = ("sep", "text")

    def __init__(self, text: str, sep: str) -> None:
        self.text, self.sep = text, sep


def _units(text: str, limit: int) -> list[_Unit]:
    units: list[_Unit] = []
    for paragraph in re.split(r"\n\s*\n", text):
        sep = "\n\n"
        pieces = [paragraph] if len(paragraph) <= limit else _SENTENCE_END.split(paragraph)
        for piece in pieces:
            for chunk in _cut_words(piece.strip(), limit):
                units.append(_Unit(chunk, sep))
                sep = " "
    return [u for u in units if u.text]


def _cut_words(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    chunks: list[str] = [""]
    for word in sentence.split():
        while len(word) > limit:
            chunks.append(word[:limit])
            word = word[limit:]
        if chunks[-1] and len(chunks[-1]) + 1 + len(word) > limit:
            chunks.append(word)
        else:
            chunks[-1] = f"{chunks[-1]} {word}".strip()
    return [c for c in chunks if c]
