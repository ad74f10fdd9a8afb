"""A flow is an exercise as data: an ordered tuple of steps with explicit jumps."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from bobby_core.engine.steps import OPERATORS, Ask, Branch, End, Step, SubFlow
from bobby_core.engine.system_texts import SystemTexts, shipped_texts
from bobby_core.errors import FlowDefinitionError, UnknownFlowError


@dataclass(frozen=True, slots=True, kw_only=True)
class Flow:
    id: str
    version: int
    steps: tuple[Step, ...]
    title: str = ""
    """Catalogue text (title, description, why) and `texts` come from the flow's text file."""
    description: str = ""
    why: str = ""
    """One sentence on why the exercise helps (the recommender's fallback reason)."""
    menu_key: str | None = None
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    """Words in what a user says that point to this exercise (the offline recommender's rules)."""
    texts: Mapping[str, str] = field(default_factory=dict)
    """Messages the flow's actions put together (by name), from the flow's text file."""
    inputs: tuple[str, ...] = ()
    """Variables that may be given when the flow starts (no step writes them)."""
    system: bool = False
    on_abandon: str | None = None
    """An action run when the exercise is abandoned unsaved (e.g. score partial answers)."""
    deep_links: tuple[str, ...] = ()
    """Exact messages that start this flow from any state (e.g. `Burnout Check-In`)."""
    reads_progress: bool = False
    """Its actions read the user's earlier results of this flow (a series, a journey), so a
    turn's snapshot carries them."""
    rest_after: timedelta | None = None
    """A check not worth repeating soon (Burnout): it is not suggested again this soon after
    the user last finished it, so a turn's snapshot carries its results."""
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for position, step in enumerate(self.steps):
            if step.id in self._index:
                raise FlowDefinitionError(f"{self.id}: duplicate step id {step.id!r}")
            self._index[step.id] = position
        if not self.steps or not isinstance(self.steps[-1], End | Branch):
            raise FlowDefinitionError(f"{self.id}: the last step must be an End or a Branch")
        for target in self._targets():
            if target not in self._index:
                raise FlowDefinitionError(f"{self.id}: jump to unknown step {target!r}")
        for step in self.steps:
            if isinstance(step, Branch):
                for case in step.cases:
                    if case.when.op not in OPERATORS:
                        raise FlowDefinitionError(f"{self.id}: unknown operator {case.when.op}")
            if isinstance(step, Ask) and not step.save_as:
                raise FlowDefinitionError(f"{self.id}: Ask {step.id} stores nothing")
        unreachable = [s.id for s in self.steps if s.id not in self.reachable()]
        if unreachable:
            raise FlowDefinitionError(f"{self.id}: step {unreachable[0]!r} can never be reached "
                                      f"(unreachable: {', '.join(unreachable)})")

    def successors(self, step: Step) -> tuple[str, ...]:
        """The steps a user can go to from `step` (none after an End)."""
        if isinstance(step, Branch):
            return (*(case.goto for case in step.cases), step.otherwise)
        if isinstance(step, End):
            return ()
        return (self.following(step).id,)

    def reachable(self) -> set[str]:
        """Ids of the steps some path from the first step leads to."""
        seen, todo = {self.first.id}, [self.first]
        while todo:
            for target in self.successors(todo.pop()):
                if target not in seen:
                    seen.add(target)
                    todo.append(self.step(target))
        return seen

    def _targets(self) -> Iterator[str]:
        for step in self.steps:
            if isinstance(step, Branch):
                yield from (case.goto for case in step.cases)
                yield step.otherwise
            elif not isinstance(step, End) and step.next is not None:
                yield step.next

    @property
    def first(self) -> Step:
        return self.steps[0]

    def step(self, step_id: str) -> Step:
        try:
            return self.steps[self._index[step_id]]
        except KeyError:
            raise FlowDefinitionError(f"{self.id}: no step {step_id!r}") from None

    def has_step(self, step_id: str) -> bool:
        return step_id in self._index

    def following(self, step: Step) -> Step:
        """The step that comes after `step`: its explicit `next`, else the next in order."""
        explicit = None if isinstance(step, End | Branch) else step.next
        if explicit is not None:
            return self.step(explicit)
        position = self._index[step.id] + 1
        if position >= len(self.steps):
            raise FlowDefinitionError(f"{self.id}: step {step.id!r} falls off the end")
        return self.steps[position]

    def subflows(self) -> Iterator[str]:
        return (s.flow_id for s in self.steps if isinstance(s, SubFlow))


class FlowRegistry:
    """Every flow Bobby knows, by id and version (the newest version starts new sessions), and
    the words said outside any one of them (`texts`: the shipped ones unless given)."""

    def __init__(self, flows: Iterable[Flow], texts: SystemTexts | None = None) -> None:
        self.texts = texts or shipped_texts()
        self._by_key: dict[tuple[str, int], Flow] = {}
        self._latest: dict[str, Flow] = {}
        for flow in flows:
            self.add(flow)
        for flow in self._latest.values():
            for child in flow.subflows():
                if child not in self._latest:
                    raise FlowDefinitionError(f"{flow.id}: unknown sub-flow {child!r}")

    def add(self, flow: Flow) -> None:
        key = (flow.id, flow.version)
        if key in self._by_key:
            raise FlowDefinitionError(f"flow {flow.id} v{flow.version} registered twice")
        self._by_key[key] = flow
        current = self._latest.get(flow.id)
        if current is None or current.version < flow.version:
            self._latest[flow.id] = flow

    def latest(self, flow_id: str) -> Flow:
        try:
            return self._latest[flow_id]
        except KeyError:
            raise UnknownFlowError(flow_id) from None

    def get(self, flow_id: str, version: int) -> Flow | None:
        return self._by_key.get((flow_id, version))

    def exercises(self) -> list[Flow]:
        """Flows a user can pick, in menu order."""
        listed = [f for f in self._latest.values() if not f.system and f.menu_key is not None]
        return sorted(listed, key=lambda f: (len(f.menu_key or ""), f.menu_key or ""))

    def progress_flows(self) -> frozenset[str]:
        """Ids of the flows whose earlier results a turn's snapshot must carry."""
        return frozenset(f.id for f in self._by_key.values()
                         if f.reads_progress or f.rest_after is not None)

    def all_versions(self) -> list[Flow]:
        return sorted(self._by_key.values(), key=lambda f: (f.id, f.version))

    def all_latest(self) -> list[Flow]:
        return sorted(self._latest.values(), key=lambda f: f.id)
