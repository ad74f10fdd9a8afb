"""The main menu: built from the registered exercises, matched by number, name or alias."""

from __future__ import annotations

from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.engine.parsing import normalise


def menu_text(registry: FlowRegistry) -> str:
    lines = [f"{flow.menu_key} - {flow.title}" for flow in registry.exercises()]
    return "\n".join((registry.texts.menu_header, *lines))


def match_menu(registry: FlowRegistry, text: str) -> Flow | None:
    said = normalise(text)
    for flow in registry.exercises():
        names = {normalise(flow.menu_key or ""), normalise(flow.title), normalise(flow.id)}
        names.update(normalise(a) for a in (*flow.aliases, *flow.deep_links))
        if said in names:
            return flow
    return None


def match_deep_link(registry: FlowRegistry, text: str) -> Flow | None:
    """The exercise whose exact deep-link message this is (it starts from any state)."""
    said = normalise(text)
    return next((f for f in registry.exercises() if said in {normalise(d) for d in f.deep_links}),
                None)
