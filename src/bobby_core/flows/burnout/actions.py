"""Burnout check actions: score the answers, draw and store the chart, keep partial answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.actions import PARTIAL_FIELDS, ActionContext, ActionHandler
from bobby_core.engine.outcome import Effects, say
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


async def score_burnout_partial(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """On abandonment: score whatever was answered so the abandoned result keeps it; when the
    check is closed behind the user's back (`notify`, the idle job), also send them the
    partial result and its chart, as the prototype did."""
    scores = score(answers_from(ctx.variables))
    if not scores.answered:
        return None
    ctx.variables[PARTIAL_FIELDS] = {**_fields(scores), "complete": False, "items": ITEM_COUNT}
    if not args.get("notify"):
        return None
    chart = await _chart_url(ctx, scores)
    return say(f"We stopped part-way through the burnout check, so here are your results from "
               f"the {scores.answered} of {ITEM_COUNT} questions you answered.\n\n"
               f"{_summary(scores)}", chart or None) + say(
        "Send *menu* whenever you'd like to pick it up again or try something else.")


ACTIONS: dict[str, ActionHandler] = {
    "score_burnout": score_burnout, "score_burnout_partial": score_burnout_partial,
}
