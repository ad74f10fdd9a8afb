"""`bobby flows list`, `bobby flows graph NAME` and `bobby flows check [DIR]`."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from bobby_core.engine.graph import mermaid
from bobby_core.errors import FlowDefinitionError, UnknownFlowError
from bobby_core.flows import default_registry, registry_from


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


def check_flows(directory: str | None) -> int:
    """Load every flow with the text files in `directory` through the load checks."""
    if directory is not None and not Path(directory).is_dir():
        print(f"bobby: {directory} is not a directory", file=sys.stderr)
        return 2
    # Every problem of every file in one run: a coach fixes them all, then checks again.
    problems: list[str] = []
    # A flow's text file has a [flow] table; other TOML (the journaling series) is content.
    edited = sorted(p.stem for p in Path(directory).rglob("*.toml")
                    if _is_flow_text(p)) if directory else []
    known = {f.id for f in default_registry().all_latest()}
    unknown = [name for name in edited if name not in known]
    if unknown:
        problems.append(f"no flow is named {', '.join(unknown)} (text files are "
                        "<flow id>.toml)")
    try:
        registry = registry_from(Path(directory)) if directory else default_registry()
    except FlowDefinitionError as exc:
        problems.append(str(exc))
    if problems:
        print("bobby: " + "\n".join(problems), file=sys.stderr)
        return 1
    print(f"{len(registry.all_latest())} flows pass the load checks"
          + (f" with the text files of {', '.join(edited)}" if edited else ""))
    return 0


def _is_flow_text(path: Path) -> bool:
    try:
        return "flow" in tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError:
        return True  # the checks above already refused it if it is a flow's
