"""The recommender's one action: put the suggestion into words the user will see."""

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.actions import ActionContext, ActionHandler, declare
from bobby_core.engine.flow import Flow
from bobby_core.engine.parsing import normalise
from bobby_core.model import ResultStatus

FLOW_ID = "recommender"
DEFAULT = "journaling"
"""Journaling's free style suits almost anything, so it is the suggestion when nothing fits."""


async def describe_recommendation(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Set `recommended_title` and `recommended_why` from the model's choice and reason.

    A reason that only repeats the user's own words explains nothing, so the exercise's own
    "why it helps" stands in for it (and for an empty one)."""
    offered = {f.id: f for f in ctx.exercises if f.id != FLOW_ID}
    chosen = offered.get(str(ctx.variables.get("recommended", ""))) or offered[DEFAULT]
    if _rested_too_little(ctx, chosen):
        chosen = offered[DEFAULT]
    reason = str(ctx.variables.get("reason") or "").strip()
    feeling = normalise(str(ctx.variables.get("feeling") or ""))
    if not normalise(reason) or normalise(reason) in feeling:
        reason = chosen.why
    ctx.variables["recommended"] = chosen.id
    ctx.variables["recommended_title"] = chosen.title
    ctx.variables["recommended_why"] = reason


def _rested_too_little(ctx: ActionContext, flow: Flow) -> bool:
    """The user finished this check less than its rest time ago (Burnout, minutes ago)."""
    if flow.rest_after is None:
        return False
    since = ctx.turn.now - flow.rest_after
    return any(r.flow_id == flow.id and r.status is ResultStatus.FINISHED
               and r.ended_at > since for r in ctx.turn.progress)


ACTIONS: Mapping[str, ActionHandler] = {"describe_recommendation": declare(
    describe_recommendation, writes=("recommended", "recommended_title", "recommended_why"))}
