"""Crisis screening for caller-kept exercises: the same screener and helpline message as every
other door; what was flagged becomes a note (categories only) for the save that knows the user."""

from __future__ import annotations

from bobby_core.engine.system_texts import SystemTexts
from bobby_core.ports import CrisisScreener
from bobby_core.safety.crisis_reply import crisis_message
from bobby_core.safety.helplines import Helplines, helplines_for
from bobby_core.use_cases.caller_flows.kept_history import CrisisNote


class CallerSafety:
    def __init__(self, screener: CrisisScreener, texts: SystemTexts,
                 helplines: dict[str, Helplines] | None = None) -> None:
        self._screener, self._texts, self._helplines = screener, texts, helplines

    async def screen(self, texts: tuple[str, ...], step_id: str) -> CrisisNote | None:
        """The first crisis signal among what the user wrote, if any; raise
        ExternalServiceError when the screener is unreachable (the caller retries)."""
        for text in texts:
            if not text.strip():
                continue
            screening = await self._screener.screen(text)
            if screening.flagged:
                return CrisisNote(categories=screening.categories, screener=screening.screener,
                                  step_id=step_id)
        return None

    def reply(self, phone: str = "") -> str:
        """The fixed helpline message, for the caller's country when the phone is known."""
        return crisis_message(helplines_for(phone, self._helplines), self._texts)
