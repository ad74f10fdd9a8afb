"""Where the operator's sessions are kept (the admin pages' sign-in), so that every web process
agrees on which are open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminSession:
    id_hash: str
    token_tag: str
    created_at: datetime
    last_seen_at: datetime


class AdminSessionStore(Protocol):
    async def add(self, session: AdminSession) -> None:
        """Store a new session."""
        ...

    async def get(self, id_hash: str) -> AdminSession | None:
        """The session with this id hash, or None."""
        ...

    async def touch(self, id_hash: str, at: datetime) -> None:
        """Record a use of the session at `at`."""
        ...

    async def remove(self, id_hash: str) -> None:
        """Forget the session (signed out, or over); nothing happens if it is gone."""
        ...

    async def remove_started_before(self, before: datetime) -> None:
        """Forget every session opened before `before` (past the absolute limit)."""
        ...
