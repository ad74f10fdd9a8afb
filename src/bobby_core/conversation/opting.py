"""What opting out stops and what coming back finds dropped, in the user's own terms: the
exercise that ran, the reminders that waited, the Boundaries journey's daily notes."""

from __future__ import annotations

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.outcome import TurnContext
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.engine.templates import render
from bobby_core.model import ConversationState, Reminder, ReminderKind, ReminderStatus

OPTED_OUT_REASON = "opted out"
"""Why a reminder waiting when its user opted out was cancelled (read back at START)."""


def stopped_message(state: ConversationState, ctx: TurnContext, registry: FlowRegistry,
                    texts: SystemTexts) -> str:
    """The reply to an opt-out: done, what it stopped, and how to come back."""
    lines: list[str] = []
    root = state.root
    flow = registry.get(root.flow_id, root.version) if state.active and root else None
    if flow is not None and not flow.system:
        lines.append(render(texts.stopped_exercise, {"title": flow.title}))
    pending = [r for r in ctx.reminders if r.status is ReminderStatus.PENDING]
    lines += _about(pending, registry, texts, stopped=True)
    parts = [texts.stopped_done]
    if lines:
        parts.append("\n".join([texts.stopped_also, *lines]))
    parts.append(texts.stopped_come_back)
    return "\n\n".join(parts)


def back_message(ctx: TurnContext, registry: FlowRegistry, texts: SystemTexts) -> str:
    """The reply to START: welcome back, and what the opt-out dropped (and how to get it)."""
    dropped = [r for r in ctx.reminders
               if r.status is ReminderStatus.CANCELLED and r.reason == OPTED_OUT_REASON]
    last = max((r.settled_at for r in dropped if r.settled_at is not None), default=None)
    lines = _about([r for r in dropped if r.settled_at == last], registry, texts, stopped=False)
    if not lines:
        return texts.opted_in
    return "\n\n".join([texts.opted_in, "\n".join([texts.opted_in_dropped, *lines])])


def _about(reminders: list[Reminder], registry: FlowRegistry, texts: SystemTexts, *,
           stopped: bool) -> list[str]:
    """One line per kind of reminder: the custom ones by exercise, the journey, the nudges."""
    lines: list[str] = []
    for reminder in reminders:
        if reminder.kind == ReminderKind.BOUNDARIES_DAY.value:
            template = texts.stopped_boundaries if stopped else texts.dropped_boundaries
            line = render(template, {"day": reminder.note or "1"})
        elif reminder.kind == ReminderKind.NUDGE.value:
            if not stopped:
                continue  # the nudges come back by themselves
            line = texts.stopped_nudges
        else:
            template = texts.stopped_reminder if stopped else texts.dropped_reminder
            line = render(template, {"exercise": _title(reminder, registry, texts)})
        if line not in lines:
            lines.append(line)
    return lines


def _title(reminder: Reminder, registry: FlowRegistry, texts: SystemTexts) -> str:
    flow = next((f for f in registry.all_latest() if f.id == reminder.flow_id), None)
    return flow.title if flow is not None else texts.reminder_some_exercise
