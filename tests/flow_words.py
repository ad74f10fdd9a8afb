"""A shipped flow's own words, for tests that check "the reply is that step's message" without
repeating the wording (it belongs to the flow's text file, which a coach may change)."""

from __future__ import annotations

from typing import Any

from bobby_core.engine.steps import Ask, LlmLoop
from bobby_core.engine.templates import render
from bobby_core.flows import default_registry

_REGISTRY = default_registry()


def text(flow_id: str, step_id: str, **values: Any) -> str:
    """A Say's or End's text, or an Ask's prompt, filled with `values`."""
    step = _REGISTRY.latest(flow_id).step(step_id)
    template = step.prompt if isinstance(step, Ask) else getattr(step, "text", "") or ""
    return render(template, values)


def question(flow_id: str, step_id: str, number: int, **values: Any) -> str:
    """An LlmLoop's guide question `number` (from 1), filled with `values`."""
    step = _REGISTRY.latest(flow_id).step(step_id)
    assert isinstance(step, LlmLoop)
    return render(step.guide_questions[number - 1], values)


def flow_text(flow_id: str, name: str, **values: Any) -> str:
    """One of the flow's `[texts]`, filled with `values`."""
    return render(_REGISTRY.latest(flow_id).texts[name], values)


def title(flow_id: str) -> str:
    return _REGISTRY.latest(flow_id).title
