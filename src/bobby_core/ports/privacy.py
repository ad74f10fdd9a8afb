"""Ports for exporting and erasing everything stored about one user."""

from __future__ import annotations

from typing import Any, Protocol

from bobby_core.model import UserId
from bobby_core.privacy.model import Erasure


class PersonalDataRepository(Protocol):
    async def rows_about(self, user_id: UserId) -> dict[str, list[dict[str, Any]]]:
        """Every stored row that refers to the user, by table, decrypted, as JSON values."""
        ...

    async def media_of(self, user_id: UserId) -> list[str]:
        """The URLs of the files (charts) stored for the user, each once."""
        ...


class ErasureRepository(Protocol):
    async def add(self, erasure: Erasure) -> None:
        """Store the audit record of an erasure."""
        ...

    async def unfinished(self, limit: int) -> list[Erasure]:
        """Erasures whose files are not all removed yet, oldest first."""
        ...

    async def save(self, erasure: Erasure) -> None:
        """Overwrite an erasure's record (its files removed)."""
        ...
