"""The CrisisScreener port on OpenAI's moderation endpoint (its self-harm and violence categories).

Used beside the offline rules (AnyCrisisScreener), never alone: when moderation is down or the
server has no such endpoint (most local model servers), the offline verdict stands. The verdict
keeps the highest score among the categories that counted (never the text)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx2
from openai import AsyncOpenAI, OpenAIError

from bobby_core.errors import ExternalServiceError
from bobby_core.model import LayerVerdict
from bobby_core.ports import ScreeningResult

log = logging.getLogger(__name__)

SELF_HARM_CATEGORIES = ("self-harm", "self-harm/intent", "self-harm/instructions")
VIOLENCE_CATEGORIES = ("violence",)
"""Threats and plans to hurt someone; "violence/graphic" is left out, it fires on the news."""
SCORE_THRESHOLD = 0.4
"""Below OpenAI's own flag threshold on purpose: a false alarm costs a kind message."""
VIOLENCE_THRESHOLD = 0.7
"""Higher, and OpenAI's own violence flag is ignored: it fires on fiction, games and the news."""
REPLY_CATEGORIES = ("harassment", "harassment/threatening", "hate", "hate/threatening",
                    "illicit/violent")
"""Also counted when the screened text is Bobby's own reply (the reply guard): a companion
never harasses, and never helps with violence."""
MODERATION_TIMEOUT = httpx2.Timeout(3.0, connect=1.0)
"""Screening runs before every step, so it gets a short budget and no retry (see openai_llm)."""


class OpenAIModerationScreener:
    name = "openai-moderation"

    def __init__(self, client: AsyncOpenAI, model: str = "omni-moderation-latest",
                 threshold: float = SCORE_THRESHOLD,
                 violence_threshold: float = VIOLENCE_THRESHOLD,
                 also: tuple[str, ...] = ()) -> None:
        """`also`: more categories that count, at `threshold` (REPLY_CATEGORIES for replies)."""
        self._client = client.with_options(timeout=MODERATION_TIMEOUT, max_retries=0)
        self._model, self._threshold = model, threshold
        self._violence_threshold = violence_threshold
        self._also = also

    async def screen(self, text: str) -> ScreeningResult:
        try:
            response = await self._client.moderations.create(input=text, model=self._model)
            result = response.results[0]
            categories = result.categories.model_dump(by_alias=True)
            scores = result.category_scores.model_dump(by_alias=True)
        except (OpenAIError, ValueError, IndexError, AttributeError) as exc:  # ValueError: not JSON
            detail = getattr(exc, "status_code", None) or type(exc).__name__
            log.warning("openai moderation failed: %s", detail)
            raise ExternalServiceError("openai-moderation", str(detail)) from exc
        hits = tuple(c for c in (*SELF_HARM_CATEGORIES, *self._also)
                     if _hit(c, categories, scores, self._threshold))
        hits += tuple(c for c in VIOLENCE_CATEGORIES
                      if _hit(c, {}, scores, self._violence_threshold))  # its score only
        counted = [s for c in hits if isinstance(s := scores.get(c), int | float)]
        verdict = LayerVerdict(layer=self.name, flagged=bool(hits), categories=hits,
                               score=round(float(max(counted)), 4) if counted else None)
        return ScreeningResult(flagged=bool(hits), categories=hits, screener=self.name,
                               verdicts=(verdict,))


def _hit(category: str, flags: Mapping[str, object], scores: Mapping[str, object],
         threshold: float) -> bool:
    score = scores.get(category)
    return flags.get(category) is True or (isinstance(score, int | float) and score >= threshold)
