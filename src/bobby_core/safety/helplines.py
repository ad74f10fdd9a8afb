"""Crisis helplines by phone prefix: the table in `flows/system/helplines.toml`, where a coach
or an operator reads and edits it (HELPLINES_FILE adds to it at start-up).

Longest prefix wins, so a more specific entry (an area code) can override a country."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from bobby_core.errors import FlowDefinitionError

SHIPPED = ("bobby_core.flows.system", "helplines.toml")


@dataclass(frozen=True, slots=True, kw_only=True)
class Helplines:
    country: str
    emergency: str
    lines: tuple[str, ...]


def _entry(prefix: str, table: Any) -> Helplines:
    try:
        return Helplines(country=str(table["country"]), emergency=str(table["emergency"]),
                         lines=tuple(str(line) for line in table["lines"]))
    except (KeyError, TypeError) as exc:
        raise FlowDefinitionError(f"helplines: {prefix!r} needs country, emergency and "
                                  f"lines") from exc


def _shipped() -> tuple[Helplines, dict[str, Helplines]]:
    package, name = SHIPPED
    table: Mapping[str, Any] = tomllib.loads(
        files(package).joinpath(name).read_text(encoding="utf-8"))
    entries = {prefix: _entry(prefix, entry) for prefix, entry in table.items()}
    return entries.pop("international"), entries


INTERNATIONAL, HELPLINES = _shipped()


def helplines_for(phone: str | None, table: dict[str, Helplines] | None = None) -> Helplines:
    """The helplines for the country of an E.164 number, or the international fallback (also
    for a user whose number WhatsApp does not share)."""
    entries = HELPLINES if table is None else table
    phone = phone or ""
    for length in range(min(len(phone), 8), 1, -1):
        found = entries.get(phone[:length])
        if found is not None:
            return found
    return INTERNATIONAL
