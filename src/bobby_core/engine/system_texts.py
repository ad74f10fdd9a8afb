"""The words Bobby says outside any one exercise, read from a text file like a flow's copy.

`SystemTexts` names every message the conversation, the reminders and the engine's defaults
need; the file is `flows/system/texts.toml` (or the copy of it a coach edits). A name the file
lacks, or one it has that nothing uses, fails when the flows load, not when a user gets there."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from importlib.resources import files
from typing import Any

from bobby_core.engine.templates import render
from bobby_core.errors import FlowDefinitionError

SHIPPED = ("bobby_core.flows.system", "texts.toml")
"""Where the shipped words are: a package and file name (the engine imports no flow)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemTexts:
    menu_header: str
    help: str
    help_carry_on: str
    english_only: str
    zone_set: str
    zone_unknown: str
    signed_off: str
    opted_out_notice: str
    stopped_done: str
    stopped_also: str
    stopped_exercise: str
    stopped_reminder: str
    stopped_boundaries: str
    stopped_nudges: str
    stopped_come_back: str
    opted_in: str
    opted_in_dropped: str
    dropped_reminder: str
    dropped_boundaries: str
    idle_closed: str
    exercise_updated: str
    paused_offer: str
    paused_exercise: str
    paused_fresh: str
    paused_hint: str
    model_down: str
    media_not_read: str
    hello_named: str
    hello: str
    reminder_custom: str
    reminder_boundaries_day: str
    reminder_nudge: str
    reminder_some_exercise: str
    template_name_unknown: str
    template_boundaries_day: str
    hint_free_text: str
    hint_yes_no: str
    hint_choice: str
    hint_number: str
    hint_name: str
    not_sure: str
    question_back: str
    loop_closing: str
    loop_fallback: str
    crisis: str
    crisis_line: str
    check_in: str

    @classmethod
    def parse(cls, source: str) -> SystemTexts:
        """Read the `[texts]` table of a system text file; FlowDefinitionError if a name is
        missing or unknown, or the file is not TOML."""
        try:
            table: Any = tomllib.loads(source).get("texts", {})
        except tomllib.TOMLDecodeError as exc:
            raise FlowDefinitionError(f"system texts: not valid TOML: {exc}") from None
        return cls.of(table)

    @classmethod
    def of(cls, table: Mapping[str, Any]) -> SystemTexts:
        """The texts of a `[texts]` table; FlowDefinitionError if a name is missing or
        unknown."""
        names = {f.name for f in fields(cls)}
        problems = [f"missing {n!r}" for n in sorted(names - set(table))]
        problems += [f"unknown {n!r}" for n in sorted(set(table) - names)]
        problems += [f"{n!r} is not text" for n, v in table.items() if not isinstance(v, str)]
        if problems:
            raise FlowDefinitionError("system texts: " + "; ".join(problems))
        return cls(**{name: value.strip() for name, value in table.items()})

    def hello_to(self, first_name: str | None) -> str:
        """The greeting a proactive message opens with."""
        return render(self.hello_named, {"name": first_name}) if first_name else self.hello


def shipped_source() -> str:
    package, name = SHIPPED
    return files(package).joinpath(name).read_text(encoding="utf-8")


@cache
def shipped_texts() -> SystemTexts:
    """The words shipped with Bobby."""
    return SystemTexts.parse(shipped_source())
