"""What each Studio route takes and answers, read from the routes themselves (for
`bobby studio routes`), so the listing cannot drift from the code."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from bobby_http.routes.studio import studio_step
from bobby_http.studio import ROUTES


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteFields:
    path: str
    summary: str
    request: tuple[str, ...]
    answer: tuple[str, ...]


def _fields(model: Any) -> tuple[str, ...]:
    return tuple(model.model_fields) if isinstance(model, type) and issubclass(
        model, BaseModel) else ()


def describe(handler: Any) -> RouteFields:
    hints = typing.get_type_hints(handler.fn)
    return RouteFields(path=next(iter(handler.paths)), summary=handler.summary or "",
                       request=_fields(hints.get("data")), answer=_fields(hints.get("return")))


def catalogue() -> tuple[tuple[RouteFields, ...], RouteFields]:
    """The compatibility routes, then the generic step endpoint."""
    return tuple(describe(h) for h in ROUTES), describe(studio_step)
