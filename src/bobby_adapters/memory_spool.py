"""The inbox's spool in memory, for unit tests and in-memory runs; `broken` makes every write
fail, as a full or read-only disk would."""

from __future__ import annotations

from collections.abc import Sequence

from bobby_core.errors import ExternalServiceError
from bobby_core.ports.spool import Spooled, SpooledMessage


class InMemoryInboxSpool:
    def __init__(self) -> None:
        self.records: list[Spooled] = []
        self.held: list[Spooled] = []
        self.broken = False
        self._next = 0

    async def keep(self, message: SpooledMessage) -> None:
        if self.broken:
            raise ExternalServiceError("spool", "not writable")
        self._next += 1
        self.records.append(Spooled(key=f"{self._next:012d}", message=message))

    async def holds_any(self) -> bool:
        return bool(self.records)

    async def oldest(self, limit: int) -> list[Spooled]:
        return self.records[:limit]

    async def forget(self, keys: Sequence[str]) -> None:
        gone = set(keys)
        self.records = [r for r in self.records if r.key not in gone]

    async def set_aside(self, keys: Sequence[str]) -> None:
        aside = set(keys)
        self.held += [r for r in self.records if r.key in aside]
        self.records = [r for r in self.records if r.key not in aside]
