"""The one place an ExerciseResult is built, finished or abandoned."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bobby_core.engine.outcome import TurnContext
from bobby_core.model import ConversationState, ExerciseResult, ResultId, ResultStatus, TokenUsage

USAGE_FIELD = "token_usage"
"""The result field the exercise's token counters are stored in, when a model was paid for."""


def as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def usage_fields(usage: TokenUsage) -> dict[str, Any]:
    """The exercise's token counters as a result field (empty when no model was paid for)."""
    if not usage.total:
        return {}
    return {USAGE_FIELD: {"prompt_tokens": usage.prompt_tokens,
                          "completion_tokens": usage.completion_tokens}}


def exercise_result(state: ConversationState, ctx: TurnContext, status: ResultStatus, *,
                    fields: Mapping[str, Any],
                    feel_after: int | None = None, abandoned_at_step: str | None = None,
                    flow_id: str = "", flow_version: int = 0) -> ExerciseResult:
    """A result of the exercise at the root of `state` (or of `flow_id` when nothing runs)."""
    root = state.root
    return ExerciseResult(
        id=ResultId(ctx.ids.new_id()), user_id=ctx.user.id,
        flow_id=root.flow_id if root else flow_id,
        flow_version=root.version if root else flow_version,
        status=status, started_at=state.started_at or ctx.now, ended_at=ctx.now,
        fields=dict(fields) | usage_fields(state.usage), feel_after=feel_after,
        abandoned_at_step=abandoned_at_step)
