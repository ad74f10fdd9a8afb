"""Finding the shipped flows: every module under `bobby_core.flows` that defines `FLOW` (or
`FLOWS`, or `build_flow(exercises)` for a flow made from the others' catalogue) is a flow, and
every `ACTIONS` mapping adds its actions. Each flow's text comes from `<flow id>.toml` beside
its module, or from a directory a coach edits (`bobby flows check DIR`)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import ModuleType

from bobby_core.engine.actions import CORE_ACTIONS, ActionHandler
from bobby_core.engine.copy import parse_copy, with_copy
from bobby_core.engine.flow import Flow
from bobby_core.engine.system_texts import SystemTexts, shipped_texts
from bobby_core.errors import FlowDefinitionError
from bobby_core.privacy.actions import export_actions
from bobby_core.privacy.export_links import ExportLinks

Builder = Callable[[Sequence[Flow]], Flow]


@dataclass(frozen=True, slots=True)
class _Found:
    flows: tuple[tuple[Flow, str], ...]
    """Each flow with the package its text file sits in."""
    builders: tuple[tuple[Builder, str], ...]
    actions: Mapping[str, ActionHandler]


def _modules() -> Iterator[ModuleType]:
    root = importlib.import_module("bobby_core.flows")
    for info in sorted(pkgutil.walk_packages(root.__path__, "bobby_core.flows."),
                       key=lambda i: i.name):
        yield importlib.import_module(info.name)


def _package(module: ModuleType) -> str:
    return module.__name__ if hasattr(module, "__path__") else (module.__package__ or "")


@cache
def _found() -> _Found:
    flows: list[tuple[Flow, str]] = []
    builders: list[tuple[Builder, str]] = []
    actions: dict[str, ActionHandler] = {}
    for module in _modules():
        package = _package(module)
        one = getattr(module, "FLOW", None)
        flows += [(f, package) for f in (*((one,) if one else ()), *getattr(module, "FLOWS", ()))]
        if callable(builder := getattr(module, "build_flow", None)):
            builders.append((builder, package))
        for name, handler in getattr(module, "ACTIONS", {}).items():
            if name in actions or name in CORE_ACTIONS:
                raise FlowDefinitionError(f"action {name!r} is defined twice ({module.__name__})")
            actions[name] = handler
    return _Found(flows=tuple(flows), builders=tuple(builders), actions=actions)


def all_actions(export_links: ExportLinks | None = None) -> dict[str, ActionHandler]:
    """Every action a shipped flow may name: the engine's own, each exercise's, and the
    chat's export link (signed with `export_links`)."""
    return {**CORE_ACTIONS, **_found().actions, **export_actions(export_links)}


def _source(flow_id: str, package: str, copy_dir: Path | None) -> str:
    if copy_dir is not None:
        edited = sorted(copy_dir.rglob(f"{flow_id}.toml"))
        if edited:
            return edited[0].read_text(encoding="utf-8")
    shipped = files(package).joinpath(f"{flow_id}.toml")
    return shipped.read_text(encoding="utf-8") if shipped.is_file() else ""


def load_flows(copy_dir: Path | None = None,
               problems: list[str] | None = None) -> tuple[Flow, ...]:
    """Every shipped flow with its text (from `copy_dir` where it has the flow's file).

    With `problems`, a text file that cannot be read is listed there and its flow keeps the
    shipped text, so that one run finds every problem (`bobby flows check`); without, the
    first one raises FlowDefinitionError."""
    found = _found()
    flows = [_with_text(f, p, copy_dir, problems) for f, p in found.flows]
    exercises = sorted((f for f in flows if not f.system and f.menu_key is not None),
                       key=lambda f: (len(f.menu_key or ""), f.menu_key or ""))
    for builder, package in found.builders:
        flows.append(_with_text(builder(exercises), package, copy_dir, problems))
    return tuple(flows)


def _with_text(flow: Flow, package: str, copy_dir: Path | None,
               problems: list[str] | None) -> Flow:
    try:
        return with_copy(flow, parse_copy(flow.id, _source(flow.id, package, copy_dir)))
    except FlowDefinitionError as exc:
        if problems is None or copy_dir is None:
            raise
        problems.append(str(exc))
        return with_copy(flow, parse_copy(flow.id, _source(flow.id, package, None)))


@cache
def shipped_flows() -> tuple[Flow, ...]:
    return load_flows()


def load_texts(copy_dir: Path | None = None) -> SystemTexts:
    """The system texts: `texts.toml` from `copy_dir` when it has one, else the shipped file."""
    if copy_dir is not None:
        edited = sorted(copy_dir.rglob("texts.toml"))
        if edited:
            return SystemTexts.parse(edited[0].read_text(encoding="utf-8"))
    return shipped_texts()


def shipped_copy(flow_id: str) -> str:
    """The text file shipped with flow `flow_id` ("" when it has none)."""
    found = _found()
    packages = [p for f, p in found.flows if f.id == flow_id]
    packages += [p for _, p in found.builders]
    return next((s for p in packages if (s := _source(flow_id, p, None))), "")
