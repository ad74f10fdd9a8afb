"""Every user-facing sentence of chosen flows rewritten, to prove tests follow steps, not words.

`BOBBY_REWORD=reflect,cheerleader` (or `all`) makes the harness's registry use flows whose text
files have every word spelled backwards (placeholders kept, so the flow still works). A test
that passes only with the shipped wording fails under it."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from bobby_core.engine.checks import checked_registry
from bobby_core.engine.copy import parse_copy, with_copy
from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.system_texts import SystemTexts, shipped_source
from bobby_core.flows import all_actions, shipped_flows
from bobby_core.flows.loading import shipped_copy

ENV = "BOBBY_REWORD"
_WORD = re.compile(r"\{[^{}]*\}|[^\W\d_][\w']*")
NOT_REWORDED = frozenset({"options"})
SYSTEM = "system"
"""The name that rewords the system texts (what is said outside any one flow)."""
"""Option labels are what a user types back, not sentences they read."""


def reword(text: str) -> str:
    """Each word spelled backwards; `{placeholders}` stay as they are."""
    return _WORD.sub(lambda m: m.group(0) if m.group(0).startswith("{") else m.group(0)[::-1],
                     text)


def reworded(copy: Mapping[str, Any]) -> dict[str, Any]:
    def walk(value: Any, key: str = "") -> Any:
        if key in NOT_REWORDED:
            return value
        if isinstance(value, str):
            return reword(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        return value
    return {name: walk(table, name) for name, table in copy.items()}


def reworded_registry(flow_ids: frozenset[str] | None) -> FlowRegistry:
    """The shipped flows, those in `flow_ids` (None: all, and the system texts too) with their
    text reworded, checked."""
    flows = [with_copy(f, reworded(parse_copy(f.id, shipped_copy(f.id))))
             if flow_ids is None or f.id in flow_ids else f for f in shipped_flows()]
    texts = None
    if flow_ids is None or SYSTEM in flow_ids:
        texts = SystemTexts.of(reworded(parse_copy(SYSTEM, shipped_source()))["texts"])
    return checked_registry(flows, all_actions(), texts)


def registry_for_tests() -> FlowRegistry | None:
    """The reworded registry `BOBBY_REWORD` asks for, or None when it is unset."""
    asked = os.environ.get(ENV, "").strip()
    if not asked:
        return None
    return reworded_registry(None if asked == "all" else frozenset(asked.split(",")))
