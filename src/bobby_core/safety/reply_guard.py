"""The guard every model reply passes before it is recorded for sending.

The rules (reply_rules.py) run first; a reply they let through is then screened like a user's
message: by the offline crisis rules, and by the moderation endpoint when one is configured. A
screener failing (moderation down, or a local server without the endpoint) never holds a reply
back: the other layers' verdict stands. Each decision the engine takes on
a refused reply is counted through the GuardMeter port (kind, action, flow, step)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bobby_core.errors import ExternalServiceError
from bobby_core.ports import CrisisScreener, GuardMeter
from bobby_core.safety.guard_events import GuardEvent, GuardKind
from bobby_core.safety.reply_rules import ReplyRules, own_words, shipped_rules

log = logging.getLogger("bobby.guard")


@dataclass(frozen=True, slots=True)
class ReplyModeration:
    """The screeners that read Bobby's own replies (the offline crisis rules, the moderation
    endpoint when configured; None: none)."""

    screener: CrisisScreener | None = None


class NoGuardMeter:
    """Counts nothing (a core used without metrics, as in a script)."""

    def guard_decision(self, kind: str, action: str, flow_id: str, step_id: str) -> None:
        return None


class ReplyGuard:
    def __init__(self, meter: GuardMeter, moderation: ReplyModeration | None = None,
                 rules: ReplyRules | None = None) -> None:
        self._meter = meter
        self._moderation = (moderation or ReplyModeration()).screener
        self.rules = rules or shipped_rules()

    async def failure(self, text: str, *, needs_question: bool,
                      scripted: Sequence[str] = ()) -> GuardKind | None:
        """Why `text` may not be said (None: it may). `scripted`: the flow's own words, which
        only the limits read (they were written and checked by people)."""
        kind = self.rules.failure(text, needs_question=needs_question, scripted=scripted)
        own = own_words(text, scripted)
        if kind is not None or self._moderation is None or not own.strip():
            return kind
        try:
            screened = await self._moderation.screen(own)
        except ExternalServiceError as exc:
            log.warning("reply moderation unavailable (%s); the rules' verdict stands",
                        exc.service)
            return None
        if not screened.flagged:
            return None
        return GuardKind.MODERATION if "moderation" in screened.screener else GuardKind.CRISIS

    def reason(self, kind: GuardKind) -> str:
        """Why a reply was refused, for the model's second try."""
        return self.rules.reason(kind)

    def count(self, event: GuardEvent) -> None:
        self._meter.guard_decision(event.kind.value, event.action.value, event.flow_id,
                                   event.step_id)
