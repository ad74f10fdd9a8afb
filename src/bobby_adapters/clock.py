"""Real time and identifiers."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class RandomIdGenerator:
    """128 random bits, URL-safe: unique and unguessable (used in chart URLs too)."""

    def new_id(self) -> str:
        return secrets.token_urlsafe(16)
