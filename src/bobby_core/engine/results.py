"""The one place an ExerciseResult is built, finished or abandoned."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.outcome import TurnContext
from bobby_core.model import ConversationState, ExerciseResult, ResultId, ResultStatus

USAGE_PROMPT, USAGE_COMPLETION = "_usage_prompt", "_usage_completion"
"""Model tokens the running exercise has used so far (the runner counts them)."""
USAGE_FIELD = "token_usage"
"""The result field the exercise's token counters are stored in, when a model was paid for."""


def as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def usage_fields(variables: Mapping[str, Any]) -> dict[str, Any]:
    """The exercise's token counters as a result field (empty when no model was paid for)."""
    prompt, completion = as_int(variables.get(USAGE_PROMPT)), as_int(variables.get(USAGE_COMPLETION))
    if not prompt and not completion:
        return {}
    return {USAGE_FIELD: {"prompt_tokens": prompt or 0, "completion_tokens": completion or 0}}


def exercise_result(state: ConversationState, ctx: TurnContext, status: ResultStatus, *,
                    fields: Mapping[str, Any], variables: Mapping[str, Any],
                    feel_after: int | None = None, abandoned_at_step: str | None = None,
                    flow_id: str = "", flow_version: int = 0) -> ExerciseResult:
    """A result of the exercise at the root of `state` (or of `flow_id` when nothing runs)."""
    root = state.root
    return ExerciseResult(
        id=ResultId(ctx.ids.new_id()), user_id=ctx.user.id,
        flow_id=root.flow_id if root else flow_id,
        flow_version=root.version if root else flow_version,
        status=status, started_at=state.started_at or ctx.now, ended_at=ctx.now,
        fields=dict(fields) | usage_fields(variables), feel_after=feel_after,
        abandoned_at_step=abandoned_at_step)
