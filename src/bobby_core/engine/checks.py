"""The load checks: a flow that would fail a user part-way is refused when the registry is built.

Each problem names the flow and the step: an action that does not exist (or whose `[texts]` the
flow's text file lacks), a `{variable}` that no earlier step or action writes, a step with no
text to say, or a branch whose comparison cannot work. Jumps to missing steps and unreachable
steps are refused by `Flow` itself, as soon as it is built."""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator, Mapping

from bobby_core.engine.actions import ActionHandler, Declared
from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.engine.steps import (
    ORDERING,
    Action,
    Ask,
    Branch,
    Choice,
    End,
    LlmExtract,
    LlmLoop,
    NumberRange,
    Say,
    Step,
    SubFlow,
    When,
    YesNo,
)
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.errors import FlowDefinitionError

_FORMATTER = string.Formatter()


def checked_registry(flows: Iterable[Flow], actions: Mapping[str, ActionHandler],
                     texts: SystemTexts | None = None) -> FlowRegistry:
    """The registry of `flows` (and the system `texts`), after every load check passed; else
    FlowDefinitionError listing each problem."""
    registry = FlowRegistry(flows, texts)
    problems = [p for flow in registry.all_versions() for p in flow_problems(flow, registry, actions)]
    if problems:
        raise FlowDefinitionError("flows failed their load checks:\n" + "\n".join(problems))
    return registry


def flow_problems(flow: Flow, registry: FlowRegistry,
                  actions: Mapping[str, ActionHandler]) -> list[str]:
    problems: list[str] = []
    if not flow.title:
        problems.append(f"{flow.id}: no title (the [flow] table of its text file)")
    for step in flow.steps:
        problems += [f"{flow.id}, step {step.id!r}: {p}" for p in _step_problems(flow, step, actions)]
    if flow.on_abandon is not None and flow.on_abandon not in actions:
        problems.append(f"{flow.id}: on_abandon names unknown action {flow.on_abandon!r}")
    known = _written_before(flow, registry, actions)
    for step in flow.steps:
        for name in sorted(_reads(step)):
            if name not in known[step.id]:
                problems.append(f"{flow.id}, step {step.id!r}: reads {{{name}}}, which no earlier "
                                "step or action writes")
    return problems


def _step_problems(flow: Flow, step: Step, actions: Mapping[str, ActionHandler]) -> Iterator[str]:
    if isinstance(step, Say) and not step.text.strip():
        yield "says nothing (no text in the flow's text file)"
    if isinstance(step, Ask) and not step.prompt.strip():
        yield "asks nothing (no prompt in the flow's text file)"
    if isinstance(step, LlmLoop):
        if not any(q.strip() for q in step.guide_questions):
            yield "has no guide questions (the flow's text file)"
        if not step.fallback.strip():
            yield "has no fallback for a refused model reply (the flow's text file)"
    if isinstance(step, LlmExtract):
        for spec in step.fields:
            if not spec.choices and not step.fallbacks.get(spec.name, "").strip():
                yield (f"has no fallback for field {spec.name!r} (a refused model answer; the "
                       "flow's text file)")
    if isinstance(step, Action):
        handler = actions.get(step.name)
        if handler is None:
            yield f"names unknown action {step.name!r}"
        elif isinstance(handler, Declared):
            for name in sorted(handler.texts - set(flow.texts)):
                yield f"action {step.name!r} needs [texts] {name!r} in the flow's text file"
    if isinstance(step, Branch):
        for case in step.cases:
            problem = _comparison_problem(flow, case.when)
            if problem:
                yield problem
    try:
        list(_reads(step))
    except ValueError as exc:
        yield f"has a malformed {{placeholder}}: {exc}"


def _comparison_problem(flow: Flow, when: When) -> str | None:
    """Why `when` cannot work with the value it compares, if that shows at load."""
    value = when.value
    if when.op in ORDERING and (not isinstance(value, int | float) or isinstance(value, bool)):
        return f"compares {when.var} {when.op} {value!r}, which is not a number"
    if when.op in {"in", "said"} and not isinstance(value, tuple | list | frozenset | set):
        return f"{when.var} {when.op} needs a collection of values, not {value!r}"
    asked = next((s for s in flow.steps if isinstance(s, Ask) and s.save_as == when.var), None)
    if asked is None or when.op not in {"==", "!=", *ORDERING}:
        return None
    expect = asked.expect
    if isinstance(expect, YesNo) and not isinstance(value, bool):
        return f"compares the yes/no answer {when.var} with {value!r}"
    if isinstance(expect, NumberRange) and (not isinstance(value, int | float)
                                            or isinstance(value, bool)):
        return f"compares the number {when.var} with {value!r}"
    if isinstance(expect, Choice) and when.op in {"==", "!="} and value not in {
            o.key for o in expect.options}:
        return f"compares the choice {when.var} with {value!r}, which is no option's key"
    return None


def _names(template: str | None) -> Iterator[str]:
    for _literal, name, _spec, _conv in _FORMATTER.parse(template or ""):
        if name:
            yield name


def _reads(step: Step) -> set[str]:
    """The variables a step reads: its templates' placeholders and its branch conditions."""
    templates: list[str | None] = []
    if isinstance(step, Say):
        templates = [step.text, step.media_url]
        if step.chart:
            return {step.chart} | {name for template in templates for name in _names(template)}
    elif isinstance(step, Ask):
        templates = [step.prompt, step.reask, step.explain, step.rephrase,
                     getattr(step.expect, "hint", "")]
    elif isinstance(step, LlmLoop):
        templates = [step.prompt, *step.guide_questions, step.closing, step.fallback]
    elif isinstance(step, LlmExtract):
        templates = [step.instruction, step.input, *(f.description for f in step.fields),
                     *step.fallbacks.values()]
    elif isinstance(step, End):
        templates = [step.text]
    elif isinstance(step, Branch):
        return {case.when.var for case in step.cases}
    return {name for template in templates for name in _names(template)}


def _writes(step: Step, registry: FlowRegistry, actions: Mapping[str, ActionHandler],
            seen: frozenset[str] = frozenset()) -> set[str]:
    if isinstance(step, Ask):
        return {step.save_as}
    if isinstance(step, LlmLoop):
        return {step.save_as, f"{step.save_as}_closing", f"{step.save_as}_user_text"}
    if isinstance(step, LlmExtract):
        return {f.name for f in step.fields}
    if isinstance(step, Action):
        handler = actions.get(step.name)
        return set(handler.writes) if isinstance(handler, Declared) else set()
    if isinstance(step, SubFlow) and step.flow_id not in seen:
        child = registry.latest(step.flow_id)
        return {name for s in child.steps
                for name in _writes(s, registry, actions, seen | {step.flow_id})}
    return set()


def _written_before(flow: Flow, registry: FlowRegistry,
                    actions: Mapping[str, ActionHandler]) -> dict[str, set[str]]:
    """For each step, the variables some path from the start may have written on reaching it."""
    known: dict[str, set[str]] = {s.id: set() for s in flow.steps}
    known[flow.first.id] = set(flow.inputs)
    writes = {s.id: _writes(s, registry, actions) for s in flow.steps}
    changed = True
    while changed:
        changed = False
        for step in flow.steps:
            after = known[step.id] | writes[step.id]
            for target in flow.successors(step):
                if not after <= known[target]:
                    known[target] |= after
                    changed = True
    return known
