"""The figures of a run of walks, as plain data (JSON): per exercise and persona, and per
exercise over its personas. Everything but the times repeats exactly on the offline model."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.steps import Ask, LlmLoop
from bobby_core.ports.stats import ModelPrices
from bobby_main.eval.personas import Persona
from bobby_main.eval.walk import Walk

TIMED = ("latency", "seconds")
"""The keys whose values are times: they vary from run to run, even offline."""


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (0 when there are no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def latency(seconds: Sequence[float]) -> dict[str, float]:
    return {"p50": round(percentile(seconds, 0.5), 3), "p95": round(percentile(seconds, 0.95), 3),
            "max": round(max(seconds, default=0.0), 3)}


def build_report(walks: Iterable[Walk], *, registry: FlowRegistry, model: str,
                 prices: ModelPrices, personas: Iterable[Persona]) -> dict[str, Any]:
    rows = [_walk_row(w, registry, prices) for w in walks]
    return {"model": model,
            "prices": {"input_per_million": prices.input_per_million,
                       "output_per_million": prices.output_per_million},
            "personas": {p.name: p.about for p in personas},
            "exercises": _summaries(rows, prices),
            "walks": rows}


def _walk_row(walk: Walk, registry: FlowRegistry, prices: ModelPrices) -> dict[str, Any]:
    flow = registry.latest(walk.exercise)
    waiting = [s.id for s in flow.steps if isinstance(s, Ask | LlmLoop)]
    own = [t.at.split("/", 1)[1] for t in walk.turns if t.at.startswith(f"{flow.id}/")]
    prompt = sum(t.prompt_tokens for t in walk.turns)
    completion = sum(t.completion_tokens for t in walk.turns)
    replies = [t.crisis for t in walk.turns]
    handled = None if walk.disclosed is None else replies[walk.disclosed]
    return {
        "exercise": flow.id, "title": flow.title, "persona": walk.persona,
        "messages": len(walk.turns), "finished": walk.finished, "stopped_at": walk.stopped_at,
        "steps_reached": list(dict.fromkeys(s for s in own if s in waiting)),
        "steps_total": len(waiting),
        "loops": [{"step": s.id, "turns": _loop_turns(walk, f"{flow.id}/{s.id}"),
                   "min": s.min_turns, "max": s.max_turns}
                  for s in flow.steps if isinstance(s, LlmLoop)],
        "guard_hits": sum(t.guard_hits for t in walk.turns),
        "model_unavailable": sum(t.model_unavailable for t in walk.turns),
        "model_errors": sum(t.model_errors for t in walk.turns),
        "crisis": {"disclosed": walk.disclosed is not None, "handled": handled,
                   "replies": sum(replies),
                   "unasked": sum(replies) - (1 if handled else 0),
                   "check_ins": sum(t.check_in for t in walk.turns)},
        "prompt_tokens": prompt, "completion_tokens": completion,
        "cost_usd": round(prices.cost(prompt, completion), 6),
        "latency": latency([t.seconds for t in walk.turns]),
        "transcript": [{"at": t.at, "said": t.said, "replies": list(t.replies),
                        "seconds": round(t.seconds, 3), "tokens": t.prompt_tokens
                        + t.completion_tokens, "down": t.model_unavailable > 0,
                        "guard_hits": t.guard_hits, "crisis": t.crisis,
                        "check_in": t.check_in}
                       for t in walk.turns],
    }


def _loop_turns(walk: Walk, at: str) -> int:
    """The user's turns the loop took: not the ones the model could not answer (the step
    stayed as it was) nor a crisis reply's."""
    return sum(1 for t in walk.turns if t.at == at and not t.crisis and not t.model_unavailable)


def _summaries(rows: list[dict[str, Any]], prices: ModelPrices) -> list[dict[str, Any]]:
    out = []
    for exercise in dict.fromkeys(r["exercise"] for r in rows):
        mine = [r for r in rows if r["exercise"] == exercise]
        prompt = sum(r["prompt_tokens"] for r in mine)
        completion = sum(r["completion_tokens"] for r in mine)
        disclosed = [r for r in mine if r["crisis"]["disclosed"]]
        out.append({
            "exercise": exercise, "walks": len(mine),
            "finished": sum(r["finished"] for r in mine),
            "steps_reached": max(len(r["steps_reached"]) for r in mine),
            "steps_total": mine[0]["steps_total"],
            "loops_outside_limits": sum(not loop["min"] <= loop["turns"] <= loop["max"]
                                        for r in mine for loop in r["loops"] if loop["turns"]),
            "guard_hits": sum(r["guard_hits"] for r in mine),
            "model_unavailable": sum(r["model_unavailable"] for r in mine),
            "crisis_handled": sum(bool(r["crisis"]["handled"]) for r in disclosed),
            "crisis_disclosed": len(disclosed),
            "crisis_unasked": sum(r["crisis"]["unasked"] for r in mine),
            "check_ins": sum(r["crisis"]["check_ins"] for r in mine),
            "prompt_tokens": prompt, "completion_tokens": completion,
            "cost_usd": round(prices.cost(prompt, completion), 6),
            "latency": latency([t["seconds"] for r in mine for t in r["transcript"]]),
        })
    return out


def missed_disclosures(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The walks whose disclosure of distress did not get the crisis reply."""
    return [r for r in report["walks"] if r["crisis"]["disclosed"] and not r["crisis"]["handled"]]


def deterministic(report: Any) -> Any:
    """The report (or a part of it) without its times: what two runs on the offline model
    must agree on."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in TIMED}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(report)
