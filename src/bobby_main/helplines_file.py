"""HELPLINES_FILE: a JSON file that overrides or extends the built-in helplines table.

    {"+44": {"country": "the UK", "emergency": "999",
             "lines": ["Samaritans: call 116 123 (free, day or night)"]}}

Keys are phone prefixes ("+" and 1-7 digits, the longest matching prefix wins); an entry replaces
the built-in one for that prefix. A file that cannot be read or does not match this shape stops
start-up with one line saying where it is wrong, so a team never runs with a broken table."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from bobby_core.safety.helplines import HELPLINES, Helplines


@dataclass(frozen=True, slots=True)
class HelplineTable:
    """The crisis helplines by phone prefix (HELPLINES_FILE over the built-in table); None:
    the built-in one."""

    table: dict[str, Helplines] | None


_PREFIX = re.compile(r"^\+\d{1,7}$")


class HelplinesFileError(ValueError):
    """The helplines file is missing, not JSON, or not in the expected shape."""


class _EntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    country: str = Field(min_length=1)
    emergency: str = Field(min_length=1)
    lines: list[str] = Field(min_length=1)


_TABLE = TypeAdapter(dict[str, _EntryIn])


def load_helplines(path: str | None) -> dict[str, Helplines] | None:
    """The built-in table with the file's entries laid over it; None when no file is set."""
    if path is None:
        return None
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = _TABLE.validate_python(raw)
    except OSError as exc:
        raise HelplinesFileError(f"cannot read {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise HelplinesFileError(f"{path} is not JSON (line {exc.lineno}: {exc.msg})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise HelplinesFileError(f"{path}: {where}: {first['msg']}") from exc
    bad = [key for key in entries if not _PREFIX.match(key)]
    if bad:
        raise HelplinesFileError(f"{path}: {bad[0]!r} is not a phone prefix like \"+44\"")
    table = dict(HELPLINES)
    for prefix, entry in entries.items():
        table[prefix] = Helplines(country=entry.country, emergency=entry.emergency,
                                  lines=tuple(line for line in entry.lines if line))
    return table
