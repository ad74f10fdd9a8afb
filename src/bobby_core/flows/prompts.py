"""Prompts are our own text files kept beside the flow that uses them."""

from __future__ import annotations

from importlib.resources import files


def load_prompt(package: str, name: str) -> str:
    """Read `name` (e.g. `belief.txt`) from the flow's package; raises if it is missing."""
    return files(package).joinpath(name).read_text(encoding="utf-8").strip()
