"""Real time and identifiers."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta


class SystemClock:
    """The machine's time; `offset` moves it (development only: try a reminder "in 2 days"
    now, by restarting the server with its clock moved forward)."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


class RandomIdGenerator:
    """128 random bits, URL-safe: unique and unguessable (used in chart URLs too)."""

    def new_id(self) -> str:
        return secrets.token_urlsafe(16)
