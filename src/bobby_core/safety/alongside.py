"""Run a slow screener (the model risk check) alongside the step's own model call.

The fast layers (offline rules, moderation) screen before the step, so a message they flag never
reaches the step's model. The model risk check is itself a model call: run before the step it
would add its whole latency to every turn, so it runs beside the step instead, and its verdict
decides what is kept. If it flags, the step's reply is discarded (cancelled if still running)
and the caller sends the crisis reply; if it fails, the fast layers' verdict stands."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

from bobby_core.errors import ExternalServiceError
from bobby_core.model import LayerVerdict
from bobby_core.ports import CrisisScreener, ScreeningResult

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RiskCheck:
    """The slow screening layer the conversation runs beside each turn (None: none)."""

    screener: CrisisScreener | None = None


async def screen_alongside(screener: CrisisScreener, text: str,
                           step: Awaitable[T]) -> tuple[ScreeningResult, T | None]:
    """Screen `text` while `step` runs; return the verdict and the step's result, or None when
    the screener flagged (the step's result, or its failure, is then dropped)."""
    step_task = asyncio.ensure_future(step)
    try:
        screening = await screener.screen(text)
    except ExternalServiceError:
        name = getattr(screener, "name", type(screener).__name__)
        screening = ScreeningResult(flagged=False, screener=str(name), verdicts=(
            LayerVerdict(layer=str(name), flagged=False, failed=True),))
    except BaseException:
        step_task.cancel()
        raise
    if screening.flagged:
        step_task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await step_task
        return screening, None
    return screening, await step_task


def both(fast: ScreeningResult, slow: ScreeningResult) -> ScreeningResult:
    """The fast layers' verdict and the slow check's, as one (flagged when either flagged)."""
    flagged = [r for r in (fast, slow) if r.flagged]
    return ScreeningResult(
        flagged=bool(flagged),
        categories=tuple(dict.fromkeys(c for r in flagged for c in r.categories)),
        screener="+".join(r.screener for r in (flagged or [fast, slow]) if r.screener),
        verdicts=fast.verdicts + slow.verdicts)
