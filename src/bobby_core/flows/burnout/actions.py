"""Burnout check actions: score the answers, describe the chart, keep partial answers.

Every word the user reads (group labels, bands, advice, the summary) is a `[texts]` entry of
`burnout.toml`; the chart is a generic bar chart of scores with the two risk bands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bobby_core.charts import Band, ScoreBars, Tone, chart_to_json
from bobby_core.engine.actions import ActionContext, ActionHandler, declare
from bobby_core.engine.outcome import Effects, say
from bobby_core.flows.burnout.scoring import (
    AT_RISK_FROM,
    BANDS,
    GROUPS,
    HIGH_RISK_FROM,
    ITEM_COUNT,
    BurnoutScores,
    answers_from,
    score,
)

TEXTS = ("summary", "summary_line", "summary_partial", "summary_so_far", "pick_up_again",
         "chart_title", "chart_title_partial",
         "chart_axis", "chart_overall", "chart_at_risk", "chart_high_risk",
         *(f"group_{g.key}" for g in GROUPS), *(f"band_{b}" for b in BANDS),
         *(f"advice_{b}" for b in BANDS))


def _fields(scores: BurnoutScores) -> dict[str, Any]:
    return {
        "answers": list(scores.answers), "answered": scores.answered,
        "group_scores": dict(scores.groups), "overall": scores.overall, "band": scores.band,
    }


def _labelled(texts: Mapping[str, str], scores: BurnoutScores) -> list[tuple[str, float]]:
    return [(texts.get(f"group_{g.key}", g.key), scores.groups[g.key]) for g in GROUPS
            if g.key in scores.groups]


def _summary(ctx: ActionContext, scores: BurnoutScores) -> str:
    lines = [ctx.text("summary_line", label=label, score=f"{value:.1f}")
             for label, value in _labelled(ctx.texts, scores)]
    overall = f"{scores.overall:.1f}" if scores.overall is not None else "-"
    return ctx.text("summary", lines="\n".join(lines), overall=overall,
                    band=ctx.text(f"band_{scores.band}") if scores.band else "")


def burnout_chart(texts: Mapping[str, str], scores: BurnoutScores, overall: float | None,
                  title: str | None = None) -> ScoreBars:
    """The check's scores as bars against the two risk bands, in the flow's words (without
    the overall bar for a check left part-way: it needs every answer)."""
    whole = () if overall is None else ((texts["chart_overall"], overall),)
    return ScoreBars(
        title=title or texts["chart_title"], axis_label=texts["chart_axis"], low=1, high=5,
        bars=(*_labelled(texts, scores), *whole),
        bands=(Band(label=texts["chart_at_risk"], starts_at=AT_RISK_FROM, tone=Tone.WARN),
               Band(label=texts["chart_high_risk"], starts_at=HIGH_RISK_FROM, tone=Tone.ALERT)))


def _chart(ctx: ActionContext, scores: BurnoutScores) -> ScoreBars | None:
    if scores.overall is None:
        return None
    return burnout_chart(ctx.texts, scores, scores.overall)


async def score_burnout(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Score all answers; set the summary, advice, chart and the fields to save."""
    scores = score(answers_from(ctx.variables))
    for name, value in _fields(scores).items():
        ctx.variables[f"burnout_{name}"] = value
    ctx.variables["burnout_summary"] = _summary(ctx, scores)
    ctx.variables["burnout_advice"] = ctx.text(f"advice_{scores.band}") if scores.band else ""
    chart = _chart(ctx, scores)
    ctx.variables["burnout_chart"] = chart_to_json(chart) if chart is not None else None


async def score_burnout_partial(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """On abandonment: score whatever was answered so the abandoned result keeps it; when the
    check is closed behind the user's back (`notify`, the idle job), also send them the
    partial result and its chart, as the prototype did, said to be partial: the averages so
    far, no overall score and no risk band (those need every answer)."""
    scores = score(answers_from(ctx.variables))
    if not scores.answered:
        return None
    ctx.abandoned_fields = {**_fields(scores), "complete": False, "items": ITEM_COUNT}
    if not args.get("notify"):
        return None
    lines = [ctx.text("summary_line", label=label, score=f"{value:.1f}")
             for label, value in _labelled(ctx.texts, scores)]
    told = ctx.text("summary_partial", answered=scores.answered, items=ITEM_COUNT,
                    summary=ctx.text("summary_so_far", lines="\n".join(lines)))
    chart = burnout_chart(ctx.texts, scores, None, ctx.text(
        "chart_title_partial", answered=scores.answered, items=ITEM_COUNT)) if lines else None
    following = next((n for n, a in enumerate(scores.answers, start=1) if a is None),
                     ITEM_COUNT)
    return say(told, chart=chart) + say(ctx.text("pick_up_again", next=following))


ACTIONS: dict[str, ActionHandler] = {
    "score_burnout": declare(score_burnout, texts=TEXTS, writes=(
        "burnout_answers", "burnout_answered", "burnout_group_scores", "burnout_overall",
        "burnout_band", "burnout_summary", "burnout_advice", "burnout_chart")),
    "score_burnout_partial": declare(score_burnout_partial, texts=TEXTS),
}
