"""Burnout check actions: score the answers, draw and store the chart, keep partial answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.actions import PARTIAL_FIELDS, ActionContext, ActionHandler
from bobby_core.errors import ExternalServiceError
from bobby_core.flows.burnout.scoring import (
    ADVICE,
    ITEM_COUNT,
    BurnoutScores,
    answers_from,
    labels,
    score,
)

BAND_NAMES = {"low": "low risk", "medium": "at risk", "high": "high risk"}


def _fields(scores: BurnoutScores) -> dict[str, Any]:
    return {
        "answers": list(scores.answers), "answered": scores.answered,
        "group_scores": dict(scores.groups), "overall": scores.overall, "band": scores.band,
    }


def _summary(scores: BurnoutScores) -> str:
    lines = [f"• {label}: {value:.1f} / 5" for label, value in labels(scores.groups).items()]
    overall = f"{scores.overall:.1f}" if scores.overall is not None else "-"
    band = BAND_NAMES.get(scores.band or "", "")
    return "Your results (1 = never, 5 = always):\n" + "\n".join(lines) + (
        f"\n\n*Overall: {overall} / 5, {band}*")


async def _chart_url(ctx: ActionContext, scores: BurnoutScores) -> str:
    """Draw and store the chart; without a renderer or store, or if either fails, no image."""
    charts, storage = ctx.turn.charts, ctx.turn.storage
    if charts is None or storage is None or scores.overall is None:
        return ""
    try:
        image = await charts.render_burnout(labels(scores.groups), scores.overall)
        return await storage.put(image, "image/png", ".png")
    except ExternalServiceError:
        return ""  # the scores still reach the user as text


async def score_burnout(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Score all answers; set the summary, advice, chart URL and the fields to save."""
    scores = score(answers_from(ctx.variables))
    for name, value in _fields(scores).items():
        ctx.variables[f"burnout_{name}"] = value
    ctx.variables["burnout_summary"] = _summary(scores)
    ctx.variables["burnout_advice"] = ADVICE.get(scores.band or "", "")
    ctx.variables["burnout_chart_url"] = await _chart_url(ctx, scores)


async def score_burnout_partial(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """On abandonment: score whatever was answered so the abandoned result keeps it."""
    scores = score(answers_from(ctx.variables))
    if scores.answered:
        ctx.variables[PARTIAL_FIELDS] = {**_fields(scores), "complete": False,
                                         "items": ITEM_COUNT}


ACTIONS: dict[str, ActionHandler] = {
    "score_burnout": score_burnout, "score_burnout_partial": score_burnout_partial,
}
