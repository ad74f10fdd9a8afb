"""Field types that read what Studio's Liquid templates send: a text may be null, a number, or
already JSON-quoted (through `to_json`); a history may be a list, the JSON text of one, or
empty; the burnout answers likewise. Anything else is a 400, never a 500."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

MAX_TEXT = 4096
MAX_HISTORY = 120
MAX_ANSWERS = 40
NO_ERROR = frozenset({"", "none", "null", "false", "0"})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        raise ValueError("must be text")
    text = value.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            inner = json.loads(text)
        except ValueError:
            return text
        return inner.strip() if isinstance(inner, str) else text
    return text


def _list(value: Any, what: str) -> list[Any]:
    for _ in range(3):  # a list, its JSON text, or that text JSON-quoted once more
        if value is None or (isinstance(value, str) and not value.strip()):
            return []
        if isinstance(value, list):
            return value
        if not isinstance(value, str):
            break
        try:
            value = json.loads(value)
        except ValueError:
            break
    # A custom error carries no exception object, which the problem answer could not show.
    raise PydanticCustomError("json_list", "{what} must be a JSON list", {"what": what})


def _history(value: Any) -> list[Any]:
    return _list(value, "history")


def _answers(value: Any) -> list[str | None]:
    return [(_text(v) or None) if v is None or isinstance(v, str | int | float) else None
            for v in _list(value, "results")]


Text = Annotated[str, BeforeValidator(_text), Field(default="", max_length=MAX_TEXT)]
History = Annotated[list[Any], BeforeValidator(_history),
                    Field(default_factory=list, max_length=MAX_HISTORY)]
Answers = Annotated[list[str | None], BeforeValidator(_answers),
                    Field(default_factory=list, max_length=MAX_ANSWERS)]


def ended_early(error: str) -> bool:
    """The flow's `error` field says the exercise stopped before its end (a time-out)."""
    return error.strip().lower() not in NO_ERROR
