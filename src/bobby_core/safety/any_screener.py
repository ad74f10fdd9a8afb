"""Several crisis screeners asked at once; any one flagging is enough."""

from __future__ import annotations

import asyncio

from bobby_core.errors import ExternalServiceError
from bobby_core.model import LayerVerdict
from bobby_core.ports import CrisisScreener, ScreeningResult


class AnyCrisisScreener:
    """Flag when any screener flags; the categories and names of those that did are joined.

    The screeners run concurrently, so a remote one (OpenAI moderation) adds its own latency
    only, not the sum. A screener that fails with ExternalServiceError is left out and the
    others' verdict stands: with the offline rules in the set, a moderation outage still
    screens every message. Only when every screener fails does the error surface (the turn
    then gets the "give me a moment" reply and can be retried). Every layer's verdict, a
    failure included, is kept in `verdicts` for the safety event."""

    def __init__(self, *screeners: CrisisScreener) -> None:
        if not screeners:
            raise ValueError("AnyCrisisScreener needs at least one screener")
        self._screeners = screeners

    async def screen(self, text: str) -> ScreeningResult:
        outcomes = await asyncio.gather(*(s.screen(text) for s in self._screeners),
                                        return_exceptions=True)
        results: list[ScreeningResult] = []
        failures: list[ExternalServiceError] = []
        verdicts: list[LayerVerdict] = []
        for screener, outcome in zip(self._screeners, outcomes, strict=True):
            if isinstance(outcome, ExternalServiceError):
                failures.append(outcome)
                verdicts.append(LayerVerdict(layer=_name(screener), flagged=False, failed=True))
            elif isinstance(outcome, BaseException):
                raise outcome
            else:
                results.append(outcome)
                verdicts.extend(outcome.verdicts or (LayerVerdict(
                    layer=outcome.screener, flagged=outcome.flagged, categories=outcome.categories),))
        if not results:
            raise failures[0]
        flagged = [r for r in results if r.flagged]
        if not flagged:
            return ScreeningResult(flagged=False, screener="+".join(r.screener for r in results),
                                   verdicts=tuple(verdicts),
                                   check_in=any(r.check_in for r in results))
        categories = tuple(dict.fromkeys(c for r in flagged for c in r.categories))
        return ScreeningResult(flagged=True, categories=categories,
                               screener="+".join(r.screener for r in flagged),
                               verdicts=tuple(verdicts))


def _name(screener: CrisisScreener) -> str:
    name = getattr(screener, "name", None)
    return name if isinstance(name, str) else type(screener).__name__
