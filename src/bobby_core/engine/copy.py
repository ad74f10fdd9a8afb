"""A flow's copy: every text a user reads, kept in one TOML file beside the flow's module.

The file has a `[flow]` table (catalogue text: title, description, why), a `[texts]` table
(messages the flow's actions put together) and one table per step, named by the step's id, in
the order a user meets them. `with_copy` fills a flow's steps from it; a table or key that fits
no step is refused, so a typo in the file fails when the flow is loaded, not when a user gets
there."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Ask, Choice, End, LlmExtract, LlmLoop, Option, Say, Step
from bobby_core.errors import FlowDefinitionError

Copy = Mapping[str, Any]
FLOW_KEYS = frozenset({"title", "description", "why"})
STEP_KEYS: dict[type, frozenset[str]] = {
    Say: frozenset({"text"}), End: frozenset({"text"}),
    Ask: frozenset({"prompt", "hint", "reask", "options", "explain", "rephrase"}),
    LlmLoop: frozenset({"guide_questions", "closing", "fallback"}),
    LlmExtract: frozenset({"fallback"}),
}


def parse_copy(flow_id: str, source: str) -> Copy:
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise FlowDefinitionError(f"{flow_id}: its text file is not valid TOML: {exc}") from None


def with_copy(flow: Flow, copy: Copy) -> Flow:
    """The flow with its user-facing text taken from `copy`."""
    head = dict(copy.get("flow", {}))
    _only(flow.id, "[flow]", head, FLOW_KEYS)
    texts = copy.get("texts", {})
    if not all(isinstance(v, str) for v in texts.values()):
        raise FlowDefinitionError(f"{flow.id}: every entry of [texts] must be text")
    by_id = {step.id: step for step in flow.steps}
    for name in copy:
        if name not in {"flow", "texts"} and name not in by_id:
            raise FlowDefinitionError(f"{flow.id}: the text file names no step {name!r}")
    steps = tuple(_step(flow.id, step, copy.get(step.id, {})) for step in flow.steps)
    return replace(flow, steps=steps, texts=dict(texts),
                   title=str(head.get("title", flow.title)),
                   description=str(head.get("description", flow.description)),
                   why=str(head.get("why", flow.why)))


def _only(flow_id: str, where: str, table: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise FlowDefinitionError(f"{flow_id}: {where} has unknown keys {unknown} "
                                  f"(allowed: {sorted(allowed)})")


def _step(flow_id: str, step: Step, table: Mapping[str, Any]) -> Step:
    if not table:
        return step
    _only(flow_id, f"step {step.id!r}", table, STEP_KEYS.get(type(step), frozenset()))
    if isinstance(step, Say | End):
        return replace(step, text=str(table.get("text", step.text)))
    if isinstance(step, LlmLoop):
        questions = tuple(str(q) for q in table.get("guide_questions", step.guide_questions))
        return replace(step, guide_questions=questions,
                       closing=str(table.get("closing", step.closing)),
                       fallback=str(table.get("fallback", step.fallback)))
    if isinstance(step, LlmExtract):
        return replace(step, fallbacks=_fallbacks(flow_id, step, table.get("fallback", {})))
    assert isinstance(step, Ask)  # noqa: S101 - only the kinds in STEP_KEYS have keys
    expect = step.expect
    if "hint" in table:
        expect = replace(expect, hint=str(table["hint"]))
    if "options" in table:
        expect = _labelled(flow_id, step, expect, table["options"])
    return replace(step, prompt=str(table.get("prompt", step.prompt)), expect=expect,
                   reask=str(table["reask"]) if "reask" in table else step.reask,
                   explain=str(table.get("explain", step.explain)),
                   rephrase=str(table.get("rephrase", step.rephrase)))


def _fallbacks(flow_id: str, step: LlmExtract, table: Any) -> dict[str, str]:
    """An extraction's `fallback` table: one template per field it names."""
    if not isinstance(table, Mapping):
        raise FlowDefinitionError(f"{flow_id}: step {step.id!r} fallback must be a table "
                                  "(one text per field)")
    unknown = sorted(set(table) - {f.name for f in step.fields})
    if unknown:
        raise FlowDefinitionError(f"{flow_id}: step {step.id!r} has fallbacks for unknown "
                                  f"fields {unknown}")
    return {**step.fallbacks, **{str(k): str(v) for k, v in table.items()}}


def _labelled(flow_id: str, step: Step, expect: Any, labels: Mapping[str, str]) -> Choice:
    if not isinstance(expect, Choice):
        raise FlowDefinitionError(f"{flow_id}: step {step.id!r} has options but asks no choice")
    keys = {o.key for o in expect.options}
    if set(labels) - keys:
        raise FlowDefinitionError(f"{flow_id}: step {step.id!r} labels unknown options "
                                  f"{sorted(set(labels) - keys)}")
    return replace(expect, options=tuple(
        Option(key=o.key, label=str(labels.get(o.key, o.label)), aliases=o.aliases)
        for o in expect.options))
