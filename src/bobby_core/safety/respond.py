"""What every path does on a crisis signal: record the event, send the fixed helpline message."""

from __future__ import annotations

from bobby_core.engine.turn import Turn
from bobby_core.model import Frame, SafetyEvent
from bobby_core.ports import ScreeningResult
from bobby_core.safety.crisis_reply import crisis_message
from bobby_core.safety.helplines import Helplines, helplines_for


async def respond_to_crisis(turn: Turn, screening: ScreeningResult, where: Frame | None,
                            helplines: dict[str, Helplines] | None) -> None:
    """Record a SafetyEvent (categories only, never the text) and say the helpline message for
    the user's country."""
    await turn.uow.safety_events.add(SafetyEvent(
        id=turn.ids.new_id(), user_id=turn.user.id, created_at=turn.now,
        categories=screening.categories, screener=screening.screener, verdicts=screening.verdicts,
        flow_id=where.flow_id if where else None, step_id=where.step_id if where else None,
    ))
    turn.say(crisis_message(helplines_for(turn.user.phone, helplines)))
