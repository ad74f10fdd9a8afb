"""What every path does on a crisis signal: record the event, send the fixed helpline message."""

from __future__ import annotations

from bobby_core.engine.outcome import Effects, TurnContext, say
from bobby_core.engine.system_texts import SystemTexts
from bobby_core.model import Frame, SafetyEvent
from bobby_core.ports import ScreeningResult
from bobby_core.safety.crisis_reply import crisis_message
from bobby_core.safety.helplines import Helplines, helplines_for


def respond_to_crisis(ctx: TurnContext, screening: ScreeningResult, where: Frame | None,
                      helplines: dict[str, Helplines] | None, texts: SystemTexts) -> Effects:
    """A SafetyEvent (categories only, never the text) and the helpline message for the
    user's country."""
    event = SafetyEvent(
        id=ctx.ids.new_id(), user_id=ctx.user.id, created_at=ctx.now,
        categories=screening.categories, screener=screening.screener, verdicts=screening.verdicts,
        flow_id=where.flow_id if where else None, step_id=where.step_id if where else None,
    )
    return Effects(safety_events=(event,)) + say(
        crisis_message(helplines_for(ctx.user.phone, helplines), texts))
