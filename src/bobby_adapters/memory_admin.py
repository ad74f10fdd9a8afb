"""Operator sessions in memory (`bobby chat --memory`, tests): one process only."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bobby_core.ports.admin import AdminSession


class InMemoryAdminSessionStore:
    def __init__(self) -> None:
        self.sessions: dict[str, AdminSession] = {}

    async def add(self, session: AdminSession) -> None:
        self.sessions[session.id_hash] = session

    async def get(self, id_hash: str) -> AdminSession | None:
        return self.sessions.get(id_hash)

    async def touch(self, id_hash: str, at: datetime) -> None:
        if id_hash in self.sessions:
            self.sessions[id_hash] = replace(self.sessions[id_hash], last_seen_at=at)

    async def remove(self, id_hash: str) -> None:
        self.sessions.pop(id_hash, None)

    async def remove_started_before(self, before: datetime) -> None:
        self.sessions = {k: s for k, s in self.sessions.items() if s.created_at >= before}
