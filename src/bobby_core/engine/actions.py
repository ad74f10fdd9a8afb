"""Named actions a flow can run. Each reads flow variables (a private copy it may change) and
returns the effects it wants; none of them touches a store."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from bobby_core.engine.flow import Flow
from bobby_core.engine.outcome import Effects, TurnContext
from bobby_core.engine.results import as_int, exercise_result
from bobby_core.engine.templates import render
from bobby_core.local_time import due_in_days, zone
from bobby_core.model import (
    ConsentStatus,
    ConversationState,
    Feedback,
    Reminder,
    ReminderKind,
    ResultStatus,
)


@dataclass(kw_only=True)
class ActionContext:
    turn: TurnContext
    state: ConversationState
    variables: MutableMapping[str, Any]
    """A copy of the flow variables; what the action leaves here becomes the new variables."""
    flow_id: str
    flow_version: int
    texts: Mapping[str, str] = field(default_factory=dict)
    """The running flow's `[texts]`: the messages this action may put together."""
    exercises: tuple[Flow, ...] = ()
    """The menu's exercises, in menu order (their catalogue: key, title, description, why)."""
    saved: bool = False
    """Set by an action that stored the exercise's finished result."""
    abandoned_fields: dict[str, Any] | None = None
    """Set by a flow's `on_abandon` action: the fields of the abandoned result."""

    def text(self, name: str, **values: Any) -> str:
        """The flow's text `name` with `{placeholders}` filled from `values`."""
        return render(self.texts.get(name, ""), values)


class ActionHandler(Protocol):
    async def __call__(self, ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
        """Do the action's work (on `ctx.variables`) and return the effects it wants."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Declared:
    """An action with what the load checks need: the variables it writes and the `[texts]`
    it reads. Flows that name it are checked against both when the registry is built."""

    run: ActionHandler
    writes: frozenset[str] = frozenset()
    texts: frozenset[str] = frozenset()

    async def __call__(self, ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
        return await self.run(ctx, args)


def declare(run: ActionHandler, *, writes: tuple[str, ...] = (),
            texts: tuple[str, ...] = ()) -> Declared:
    return Declared(run=run, writes=frozenset(writes), texts=frozenset(texts))


async def save_result(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Store the exercise's chosen variables as one finished result (`fields`, `feel_after`)."""
    if not ctx.turn.user.may_store:
        return None
    names: tuple[str, ...] = tuple(args.get("fields", ()))
    result = exercise_result(
        ctx.state, ctx.turn, ResultStatus.FINISHED,
        fields={name: ctx.variables.get(name) for name in names},
        feel_after=as_int(ctx.variables.get(str(args.get("feel_after", "")))),
        flow_id=ctx.flow_id, flow_version=ctx.flow_version)
    ctx.saved = True
    return Effects(results=(result,))


async def save_feedback(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Store the free text in variable `var` as feedback of `kind`."""
    text = str(ctx.variables.get(str(args.get("var", "feedback")), "")).strip()
    if not text or not ctx.turn.user.may_store:
        return None
    root = ctx.state.root
    return Effects(feedback=(Feedback(
        id=ctx.turn.ids.new_id(), user_id=ctx.turn.user.id, created_at=ctx.turn.now,
        kind=str(args.get("kind", "exercise")), text=text,
        flow_id=root.flow_id if root else None,
    ),))


async def set_consent(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Record the user's consent answer (`given` or `declined`)."""
    return Effects(user=ctx.turn.user.with_consent(ConsentStatus(str(args["status"]))))


async def opt_out(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Stop all messages to this user until they send START."""
    return Effects(user=ctx.turn.user.opt_out())


async def delete_user(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Erase the user and everything stored about them."""
    return Effects(delete_user=True)


async def schedule_reminder(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Ask for a nudge in `variables[days_var]` days, at the same local time in the user's zone
    (moved out of quiet hours); it replaces a pending reminder of the same kind."""
    days = as_int(ctx.variables.get(str(args.get("days_var", "reminder_days"))))
    if days is None:
        return None
    user = ctx.turn.user
    at = due_in_days(ctx.turn.now, user.time_zone, days, ctx.turn.quiet_hours)
    local = at.astimezone(zone(user.time_zone))
    ctx.variables["reminder_at"] = at.isoformat()
    ctx.variables["reminder_when"] = ctx.text("when_tomorrow" if days == 1 else "when_days",
                                              days=days, time=f"{local:%H:%M}")
    root = ctx.state.root
    return Effects(reminders=(Reminder(
        id=ctx.turn.ids.new_id(), user_id=user.id,
        kind=str(args.get("kind", ReminderKind.CUSTOM.value)), due_at=at,
        created_at=ctx.turn.now, flow_id=root.flow_id if root else None),))


async def leave_exercise(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """End the running exercise once this sub-flow ends (recorded as abandoned)."""
    return Effects(leave=True)


async def show_menu(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Show the main menu once this turn's messages are out (the flow should End next)."""
    return Effects(show_menu=True)


async def start_flow(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Hand over to the flow `flow`, or the one named in `variables[var]`: it replaces the
    running exercise."""
    flow_id = args.get("flow") or ctx.variables.get(str(args.get("var", "")))
    if isinstance(flow_id, str) and flow_id:
        return Effects(hand_over=flow_id)
    return None


async def list_exercises(ctx: ActionContext, args: Mapping[str, Any]) -> Effects | None:
    """Write `exercise_list`: one line per menu exercise (but those in `skip`), each the flow's
    `exercise_line` text filled with the exercise's `title`, `description` and `key`."""
    skip = set(args.get("skip", ()))
    lines = [ctx.text("exercise_line", key=f.menu_key, title=f.title, description=f.description)
             for f in ctx.exercises if f.id not in skip]
    ctx.variables["exercise_list"] = "\n".join(lines)
    return None


CORE_ACTIONS: Mapping[str, ActionHandler] = {
    "save_result": declare(save_result),
    "save_feedback": declare(save_feedback),
    "set_consent": declare(set_consent),
    "opt_out": declare(opt_out),
    "delete_user": declare(delete_user),
    "schedule_reminder": declare(schedule_reminder, writes=("reminder_at", "reminder_when"),
                                 texts=("when_tomorrow", "when_days")),
    "leave_exercise": declare(leave_exercise),
    "show_menu": declare(show_menu),
    "start_flow": declare(start_flow),
    "list_exercises": declare(list_exercises, writes=("exercise_list",),
                              texts=("exercise_line",)),
}
