"""Operator sessions: a random id in the cookie, its hash stored server-side (in the database,
so every web process agrees), refused once idle too long, open too long, signed out, or opened
with an ADMIN_TOKEN that is no longer the one configured."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from bobby_core.ports import Clock
from bobby_core.ports.admin import AdminSession, AdminSessionStore

IDLE = timedelta(minutes=30)
"""A session unused this long is over."""
ABSOLUTE = timedelta(hours=8)
"""No session lasts longer than this, however busy."""
TOUCH_EVERY = timedelta(minutes=1)
"""The last use is written at most this often (a page view is several requests)."""


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class AdminSessions:
    def __init__(self, store: AdminSessionStore, clock: Clock, token: str) -> None:
        self._store, self._clock = store, clock
        self._tag = hmac.new(token.encode(), b"bobby admin session v2", hashlib.sha256).hexdigest()

    async def open(self) -> str:
        """A new session; its id is the cookie's value."""
        now = self._clock.now()
        await self._store.remove_started_before(now - ABSOLUTE)
        session_id = secrets.token_urlsafe(32)
        await self._store.add(AdminSession(id_hash=_hash(session_id), token_tag=self._tag,
                                           created_at=now, last_seen_at=now))
        return session_id

    async def valid(self, session_id: str) -> bool:
        """Whether the session may be used now (and record that it was)."""
        if not session_id:
            return False
        found = await self._store.get(_hash(session_id))
        if found is None:
            return False
        now = self._clock.now()
        if (not hmac.compare_digest(found.token_tag, self._tag)
                or now - found.last_seen_at > IDLE or now - found.created_at > ABSOLUTE):
            await self._store.remove(found.id_hash)
            return False
        if now - found.last_seen_at >= TOUCH_EVERY:
            await self._store.touch(found.id_hash, now)
        return True

    async def close(self, session_id: str) -> None:
        if session_id:
            await self._store.remove(_hash(session_id))
