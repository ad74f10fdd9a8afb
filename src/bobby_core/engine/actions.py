"""Named actions a flow can run. Each reads and writes flow variables and may store records."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bobby_core.engine.turn import Turn
from bobby_core.model import (
    ConsentStatus,
    ConversationState,
    ExerciseResult,
    Feedback,
    Reminder,
    ResultId,
    ResultStatus,
)

SAVED_FLAG = "_result_saved"
PARTIAL_FIELDS = "_partial_fields"
"""A flow's `on_abandon` action may put a dict here: the abandoned result's fields."""
USAGE_PROMPT, USAGE_COMPLETION = "_usage_prompt", "_usage_completion"
"""Model tokens the running exercise has used so far (the runner counts them)."""
USAGE_FIELD = "token_usage"
"""The result field `save_result` stores them in, when a model was paid for."""


@dataclass(kw_only=True)
class ActionContext:
    turn: Turn
    state: ConversationState
    variables: MutableMapping[str, Any]
    flow_id: str
    flow_version: int


class ActionHandler(Protocol):
    async def __call__(self, ctx: ActionContext, args: Mapping[str, Any]) -> None:
        """Do the action's work; raise ExternalServiceError if a provider fails."""
        ...


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def usage_fields(variables: Mapping[str, Any]) -> dict[str, Any]:
    """The exercise's token counters as a result field (empty when no model was paid for)."""
    prompt, completion = _as_int(variables.get(USAGE_PROMPT)), _as_int(variables.get(USAGE_COMPLETION))
    if not prompt and not completion:
        return {}
    return {USAGE_FIELD: {"prompt_tokens": prompt or 0, "completion_tokens": completion or 0}}


async def save_result(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Store the exercise's chosen variables as one finished result (`fields`, `feel_after`)."""
    if not ctx.turn.user.may_store:
        return
    names: tuple[str, ...] = tuple(args.get("fields", ()))
    root = ctx.state.root
    started = ctx.state.started_at or ctx.turn.now
    result = ExerciseResult(
        id=ResultId(ctx.turn.ids.new_id()),
        user_id=ctx.turn.user.id,
        flow_id=root.flow_id if root else ctx.flow_id,
        flow_version=root.version if root else ctx.flow_version,
        status=ResultStatus.FINISHED,
        started_at=started,
        ended_at=ctx.turn.now,
        fields={name: ctx.variables.get(name) for name in names} | usage_fields(ctx.variables),
        feel_after=_as_int(ctx.variables.get(str(args.get("feel_after", "")))),
    )
    await ctx.turn.uow.results.add(result)
    ctx.variables[SAVED_FLAG] = True


async def save_feedback(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Store the free text in variable `var` as feedback of `kind`."""
    text = str(ctx.variables.get(str(args.get("var", "feedback")), "")).strip()
    if not text or not ctx.turn.user.may_store:
        return
    root = ctx.state.root
    await ctx.turn.uow.feedback.add(Feedback(
        id=ctx.turn.ids.new_id(), user_id=ctx.turn.user.id, created_at=ctx.turn.now,
        kind=str(args.get("kind", "exercise")), text=text,
        flow_id=root.flow_id if root else None,
    ))


async def set_consent(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Record the user's consent answer (`given` or `declined`)."""
    status = ConsentStatus(str(args["status"]))
    ctx.turn.user = ctx.turn.user.with_consent(status)
    await ctx.turn.uow.users.save(ctx.turn.user)


async def opt_out(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Stop all messages to this user until they send START."""
    ctx.turn.user = ctx.turn.user.opt_out()
    await ctx.turn.uow.users.save(ctx.turn.user)


async def delete_user(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Erase the user and everything stored about them."""
    await ctx.turn.uow.users.delete(ctx.turn.user.id)
    ctx.turn.user_deleted = True


async def schedule_reminder(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Record a nudge in `variables[days_var]` days, with this turn's transaction."""
    days = _as_int(ctx.variables.get(str(args.get("days_var", "reminder_days"))))
    if days is None:
        return
    at: datetime = ctx.turn.now + timedelta(days=days)
    await ctx.turn.uow.reminders.replace_pending(Reminder(
        id=ctx.turn.ids.new_id(), user_id=ctx.turn.user.id, kind=str(args.get("kind", "custom")),
        due_at=at, created_at=ctx.turn.now))
    ctx.variables["reminder_at"] = at.isoformat()
    ctx.variables["reminder_when"] = "tomorrow" if days == 1 else f"in {days} days"


async def leave_exercise(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """End the running exercise at the end of this turn (recorded as abandoned)."""
    ctx.turn.leave_exercise = True


async def show_menu(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Show the main menu once this turn's messages are out (the flow should End next)."""
    ctx.turn.show_menu = True


async def start_flow(ctx: ActionContext, args: Mapping[str, Any]) -> None:
    """Hand over to the flow `flow`, or the one named in `variables[var]`: it replaces the
    running exercise."""
    flow_id = args.get("flow") or ctx.variables.get(str(args.get("var", "")))
    if isinstance(flow_id, str) and flow_id:
        ctx.turn.start_flow = flow_id


CORE_ACTIONS: Mapping[str, ActionHandler] = {
    "save_result": save_result,
    "save_feedback": save_feedback,
    "set_consent": set_consent,
    "opt_out": opt_out,
    "delete_user": delete_user,
    "schedule_reminder": schedule_reminder,
    "leave_exercise": leave_exercise,
    "show_menu": show_menu,
    "start_flow": start_flow,
}
