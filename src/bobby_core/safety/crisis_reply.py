"""The fixed message a person in crisis receives. Written by us, reviewed, never generated: its
words are the system texts' `crisis` (with `crisis_line` for each helpline)."""

from __future__ import annotations

from bobby_core.engine.system_texts import SystemTexts
from bobby_core.engine.templates import render
from bobby_core.safety.helplines import Helplines


def crisis_message(helplines: Helplines, texts: SystemTexts) -> str:
    return _with_helplines(texts.crisis, helplines, texts)


def check_in_message(helplines: Helplines, texts: SystemTexts) -> str:
    """The gentle check-in a warning sign short of a crisis gets: are you safe, and the
    helplines (the system texts' `check_in`)."""
    return _with_helplines(texts.check_in, helplines, texts)


def _with_helplines(template: str, helplines: Helplines, texts: SystemTexts) -> str:
    lines = "\n".join(render(texts.crisis_line, {"line": line}) for line in helplines.lines)
    return render(template, {"emergency": helplines.emergency, "lines": lines})
