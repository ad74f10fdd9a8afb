"""`bobby flows list` and `bobby flows graph NAME`."""

from __future__ import annotations

import sys

from bobby_core.engine.graph import mermaid
from bobby_core.errors import UnknownFlowError
from bobby_core.flows import default_registry


def list_flows() -> int:
    for flow in default_registry().all_latest():
        kind = "system" if flow.system else f"menu {flow.menu_key or '-'}"
        print(f"{flow.id:<16} v{flow.version:<3} {kind:<8} {flow.title}")
    return 0


def graph_flow(name: str) -> int:
    try:
        flow = default_registry().latest(name)
    except UnknownFlowError:
        print(f"bobby: no flow named {name!r}; see `bobby flows list`", file=sys.stderr)
        return 2
    print(mermaid(flow), end="")
    return 0
