"""Reading a model's structured answer tolerantly, and saying its shape in words.

Servers that ignore `response_format` (many local ones, small models) still mostly answer with
the right object, but wrapped: in a ```json fence, after a line of prose, with a key nobody
asked for. So the answer is stripped, its first JSON object taken and unknown keys ignored;
only then is it checked against the schema. What still fails is described in a few words that
can go back to the model (the values the user wrote never go into that reason's log line)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError

_DECODER = json.JSONDecoder()


class UnreadableAnswerError(ValueError):
    """The answer holds no JSON object the schema accepts; `reason` says why, in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def first_json_object(text: str) -> dict[str, Any]:
    """The first JSON object in `text` (a fence, prose before or after it are skipped)."""
    start = text.find("{")
    while start != -1:
        try:
            value, _ = _DECODER.raw_decode(text, start)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            return value
        start = text.find("{", start + 1)
    raise UnreadableAnswerError("the answer holds no complete JSON object")


def read_answer(content: str | None, schema: type[BaseModel]) -> BaseModel:
    """The answer as `schema`, its unknown keys ignored; UnreadableAnswerError if it is not."""
    if content is None or not content.strip():
        raise UnreadableAnswerError("the answer was empty")
    found = first_json_object(content.strip())
    known = {k: v for k, v in found.items() if k in schema.model_fields}
    try:
        return schema.model_validate(known)
    except ValidationError as exc:
        raise UnreadableAnswerError(_reasons(exc)) from exc


def _reasons(exc: ValidationError) -> str:
    """`done: Field required; mood: Input should be 'calm' or 'low'` (never the input)."""
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}"
                     for e in exc.errors(include_url=False, include_input=False))


def shape_in_words(schema: type[BaseModel]) -> str:
    """The answer's JSON shape as a sentence, for servers that ignore `response_format`."""
    parts = []
    properties = schema.model_json_schema()["properties"]
    for name, spec in schema.model_fields.items():
        kind = _kind(properties[name])
        described = f" ({spec.description})" if spec.description else ""
        parts.append(f'"{name}": {kind}{described}')
    return ("Answer with only one JSON object, nothing before or after it, with exactly these "
            "keys: " + "; ".join(parts) + ".")


def _kind(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return "one of " + ", ".join(json.dumps(v) for v in prop["enum"])
    if "const" in prop:
        return json.dumps(prop["const"])
    return {"boolean": "true or false", "integer": "a whole number",
            "number": "a number"}.get(prop.get("type", ""), "a string")
