"""Generated files (charts) kept in a local directory, each named by a fresh unguessable token."""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path

from bobby_core.errors import ExternalServiceError

SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


class LocalMediaStorage:
    def __init__(self, directory: str | Path, public_base_url: str) -> None:
        self._directory = Path(directory)
        self._base = public_base_url.rstrip("/")

    async def put(self, content: bytes, content_type: str, suffix: str) -> str:
        if not SUFFIX.fullmatch(suffix):
            raise ValueError(f"unsafe file suffix {suffix!r}")
        name = secrets.token_urlsafe(24) + suffix
        try:
            await asyncio.to_thread(self._write, name, content)
        except OSError as exc:
            raise ExternalServiceError("storage", str(exc)) from exc
        return f"{self._base}/media/{name}"

    def _write(self, name: str, content: bytes) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        (self._directory / name).write_bytes(content)
