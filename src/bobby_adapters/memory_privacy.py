"""In-memory adapters of the privacy ports (export rows, erasure records)."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from bobby_core.model import Direction, UserId
from bobby_core.privacy.model import Erasure


class _Store(Protocol):
    def tables(self) -> dict[str, dict[str, Any]]: ...


def jsonable(value: Any) -> Any:
    """A domain value as plain JSON (dataclasses as objects, enums by value, times ISO 8601)."""
    if is_dataclass(value) and not isinstance(value, type):
        return jsonable(asdict(value))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


class InMemoryPersonalDataRepository:
    def __init__(self, data: _Store) -> None:
        self._d = data

    async def rows_about(self, user_id: UserId) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for name, rows in self._d.tables().items():
            mine = [jsonable(row) for key, row in rows.items()
                    if (name in {"users", "conversations"} and key == user_id)
                    or getattr(row, "user_id", None) == user_id]
            if mine:
                found[name] = mine
        return found

    async def media_of(self, user_id: UserId) -> list[str]:
        messages = self._d.tables()["messages"].values()
        return list(dict.fromkeys(m.media_url for m in messages if m.user_id == user_id
                                  and m.direction is Direction.OUTBOUND and m.media_url))


class InMemoryErasureRepository:
    def __init__(self, data: _Store) -> None:
        self._d = data

    @property
    def _rows(self) -> dict[str, Erasure]:
        return self._d.tables()["erasures"]

    async def add(self, erasure: Erasure) -> None:
        self._rows[erasure.id] = erasure

    async def unfinished(self, limit: int) -> list[Erasure]:
        waiting = [e for e in self._rows.values() if e.completed_at is None]
        return sorted(waiting, key=lambda e: e.requested_at)[:limit]

    async def save(self, erasure: Erasure) -> None:
        self._rows[erasure.id] = erasure
