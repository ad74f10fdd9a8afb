"""The recommender's one action: put the suggestion into words the user will see."""

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.actions import ActionContext, ActionHandler
from bobby_core.engine.parsing import normalise
from bobby_core.flows.recommender.suggestions import BY_ID, DEFAULT


async def describe_recommendation(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Set `recommended_title` and `recommended_why` from the model's choice and reason.

    A reason that only repeats the user's own words explains nothing, so the exercise's own
    one-line reason stands in for it (and for an empty one)."""
    suggestion = BY_ID.get(str(ctx.variables.get("recommended", "")), BY_ID[DEFAULT])
    reason = str(ctx.variables.get("reason") or "").strip()
    feeling = normalise(str(ctx.variables.get("feeling") or ""))
    if not normalise(reason) or normalise(reason) in feeling:
        reason = suggestion.why
    ctx.variables["recommended"] = suggestion.flow_id
    ctx.variables["recommended_title"] = suggestion.title
    ctx.variables["recommended_why"] = reason


ACTIONS: Mapping[str, ActionHandler] = {"describe_recommendation": describe_recommendation}
