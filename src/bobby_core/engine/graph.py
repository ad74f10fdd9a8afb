"""A Mermaid flowchart of a flow: its steps, jumps and branch conditions."""

from __future__ import annotations

import re

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import (
    Action,
    Ask,
    Branch,
    End,
    LlmExtract,
    LlmLoop,
    Say,
    Step,
    SubFlow,
)


def _label(step: Step) -> str:
    if isinstance(step, Say):
        kind = "Say"
    elif isinstance(step, Ask):
        kind = f"Ask → {step.save_as}"
    elif isinstance(step, LlmLoop):
        kind = f"LlmLoop ≤{step.max_turns} → {step.save_as}"
    elif isinstance(step, LlmExtract):
        kind = "LlmExtract → " + ", ".join(f.name for f in step.fields)
    elif isinstance(step, Branch):
        kind = "Branch"
    elif isinstance(step, Action):
        kind = f"Action {step.name}"
    elif isinstance(step, SubFlow):
        kind = f"SubFlow {step.flow_id}"
    else:
        kind = "End"
    return f"{step.id}<br/>{kind}"


def _node(step_id: str) -> str:
    return "s_" + re.sub(r"\W", "_", step_id)


def mermaid(flow: Flow) -> str:
    lines = ["flowchart TD", f"  %% {flow.id} v{flow.version}: {flow.title}"]
    for step in flow.steps:
        shape = ("{{", "}}") if isinstance(step, Branch) else (("([", "])") if isinstance(step, End)
                                                               else ("[\"", "\"]"))
        label = _label(step).replace('"', "'")
        if shape[0] != "[\"":
            label = f"\"{label}\""
        lines.append(f"  {_node(step.id)}{shape[0]}{label}{shape[1]}")
    for step in flow.steps:
        if isinstance(step, Branch):
            for case in step.cases:
                cond = f"{case.when.var} {case.when.op} {case.when.value!r}".replace('"', "'")
                lines.append(f"  {_node(step.id)} -->|\"{cond}\"| {_node(case.goto)}")
            lines.append(f"  {_node(step.id)} -->|otherwise| {_node(step.otherwise)}")
        elif not isinstance(step, End):
            lines.append(f"  {_node(step.id)} --> {_node(flow.following(step).id)}")
    return "\n".join(lines) + "\n"
