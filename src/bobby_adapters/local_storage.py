"""Generated files (charts) kept in a local directory, each named by a fresh unguessable token."""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path
from typing import Protocol

from bobby_core.errors import ExternalServiceError

SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


class BaseUrlSource(Protocol):
    """Where the server is reached right now (learned from requests when not configured)."""

    @property
    def base_url(self) -> str: ...


class LocalMediaStorage:
    def __init__(self, directory: str | Path, public_base_url: str | BaseUrlSource) -> None:
        self._directory = Path(directory)
        self._base = public_base_url

    @property
    def base_url(self) -> str:
        base = self._base if isinstance(self._base, str) else self._base.base_url
        return base.rstrip("/")

    async def put(self, content: bytes, content_type: str, suffix: str) -> str:
        if not SUFFIX.fullmatch(suffix):
            raise ValueError(f"unsafe file suffix {suffix!r}")
        name = secrets.token_urlsafe(24) + suffix
        try:
            await asyncio.to_thread(self._write, name, content)
        except OSError as exc:
            raise ExternalServiceError("storage", str(exc)) from exc
        return f"{self.base_url}/media/{name}"

    def _write(self, name: str, content: bytes) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        (self._directory / name).write_bytes(content)
