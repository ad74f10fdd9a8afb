"""Fill `{name}` placeholders from flow variables; a missing name renders as empty text."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

_FORMATTER = string.Formatter()


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Render the template; unknown names become empty strings rather than errors."""
    parts: list[str] = []
    for literal, name, _spec, _conv in _FORMATTER.parse(template):
        parts.append(literal)
        if name is not None:
            value = variables.get(name, "")
            parts.append("" if value is None else str(value))
    return "".join(parts)
