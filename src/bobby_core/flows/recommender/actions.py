"""The recommender's one action: put the suggestion into words the user will see."""

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.actions import ActionContext, ActionHandler, declare
from bobby_core.engine.parsing import normalise

FLOW_ID = "recommender"
DEFAULT = "journaling"
"""Journaling's free style suits almost anything, so it is the suggestion when nothing fits."""


async def describe_recommendation(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Set `recommended_title` and `recommended_why` from the model's choice and reason.

    A reason that only repeats the user's own words explains nothing, so the exercise's own
    "why it helps" stands in for it (and for an empty one)."""
    offered = {f.id: f for f in ctx.exercises if f.id != FLOW_ID}
    chosen = offered.get(str(ctx.variables.get("recommended", ""))) or offered[DEFAULT]
    reason = str(ctx.variables.get("reason") or "").strip()
    feeling = normalise(str(ctx.variables.get("feeling") or ""))
    if not normalise(reason) or normalise(reason) in feeling:
        reason = chosen.why
    ctx.variables["recommended"] = chosen.id
    ctx.variables["recommended_title"] = chosen.title
    ctx.variables["recommended_why"] = reason


ACTIONS: Mapping[str, ActionHandler] = {"describe_recommendation": declare(
    describe_recommendation, writes=("recommended", "recommended_title", "recommended_why"))}
