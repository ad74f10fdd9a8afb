"""Every flow Bobby ships. A new exercise is one module here (structure: its steps) and one
text file beside it (`<flow id>.toml`: everything a user reads); `loading` finds both."""

from pathlib import Path

from bobby_core.engine.checks import checked_registry
from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.errors import FlowDefinitionError
from bobby_core.flows.loading import all_actions, load_flows, load_texts, shipped_flows

__all__ = ["EXERCISE_FLOWS", "SYSTEM_FLOWS", "all_actions", "default_registry", "registry_from",
           "shipped_flows"]

SYSTEM_FLOWS: tuple[Flow, ...] = tuple(f for f in shipped_flows() if f.system)
EXERCISE_FLOWS: tuple[Flow, ...] = tuple(f for f in shipped_flows() if not f.system)


def default_registry() -> FlowRegistry:
    """The registry of all shipped flows, checked; the newest versions start new sessions."""
    return checked_registry(shipped_flows(), all_actions())


def registry_from(copy_dir: Path) -> FlowRegistry:
    """The shipped flows with the text files found in `copy_dir` (the system texts too),
    checked (a coach's edit); FlowDefinitionError lists every problem of every file, so one
    run finds them all."""
    problems: list[str] = []
    try:
        texts = load_texts(copy_dir)
    except FlowDefinitionError as exc:
        problems.append(str(exc))
        texts = None
    flows = load_flows(copy_dir, problems)
    try:
        registry = checked_registry(flows, all_actions(), texts)
    except FlowDefinitionError as exc:
        problems.append(str(exc))
    if problems:
        raise FlowDefinitionError("\n".join(problems))
    return registry
