"""Bobby's retry policy for model requests (the SDK's own retries are off: they were silent).

A request is tried again only for a passing failure: a connection error, a timeout, 429 (rate
limited) or 5xx. The wait doubles from `base_seconds` per retry, capped at `cap_seconds`, and
is jittered (half of it fixed, half random) so that workers that failed together do not come
back together. A server that says when to come back (Retry-After, or OpenAI's
retry-after-ms) is believed; if it asks for longer than the cap, the request is not retried:
the user's turn cannot wait that long."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    retries: int = 1
    """Attempts after the first (MODEL_RETRIES)."""
    base_seconds: float = 0.5
    cap_seconds: float = 8.0

    def delay(self, retry: int, retry_after: float | None,
              random: Callable[[], float]) -> float | None:
        """Seconds to wait before retry number `retry` (0 for the first), or None for no retry.

        `random` returns a float in [0, 1) (injected so that tests can fix it)."""
        if retry >= self.retries:
            return None
        if retry_after is not None:
            return max(0.0, retry_after) if retry_after <= self.cap_seconds else None
        ceiling: float = min(self.cap_seconds, self.base_seconds * 2.0 ** retry)
        return ceiling / 2 + random() * ceiling / 2


def retry_after_seconds(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """The wait a response asks for: `retry-after-ms`, else `retry-after` in seconds or as an
    HTTP date; None when it asks for none (or says something unreadable)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        if "retry-after-ms" in lowered:
            return float(lowered["retry-after-ms"]) / 1000
        value = lowered.get("retry-after")
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            when = parsedate_to_datetime(value)
            return (when - (now or datetime.now(UTC))).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
