"""Generated files (charts) kept in a local directory, each named by its unguessable key."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from bobby_core.errors import ExternalServiceError

SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
NAME = re.compile(r"[A-Za-z0-9_-]{16,64}\.[a-z0-9]{1,8}")
"""What `put` names a file: its key and the suffix (nothing else is ever removed)."""


def file_name(key: str, suffix: str) -> str:
    """The stored name of the file `key` (an id of ours: never a path or a user's text)."""
    if not SUFFIX.fullmatch(suffix):
        raise ValueError(f"unsafe file suffix {suffix!r}")
    if not KEY.fullmatch(key):
        raise ValueError("unsafe file key")
    return key + suffix


def stored_name(url: str, folder: str) -> str | None:
    """The file name in a URL this store handed out (`.../<folder>/<name>`), else None."""
    path = unquote(urlsplit(url).path)  # a signed URL may encode the slash
    head, _, name = path.rpartition("/")
    return name if head.endswith("/" + folder.strip("/")) and NAME.fullmatch(name) else None


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

    async def put(self, content: bytes, content_type: str, suffix: str, key: str) -> str:
        name = file_name(key, suffix)
        try:
            await asyncio.to_thread(self._write, name, content)
        except OSError as exc:
            raise ExternalServiceError("storage", str(exc)) from exc
        return f"{self.base_url}/media/{name}"

    def _write(self, name: str, content: bytes) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        (self._directory / name).write_bytes(content)

    async def remove(self, url: str) -> bool:
        name = stored_name(url, "media")
        if name is None:
            return False
        try:
            return await asyncio.to_thread(self._unlink, self._directory / name)
        except OSError as exc:
            raise ExternalServiceError("storage", type(exc).__name__) from exc

    @staticmethod
    def _unlink(path: Path) -> bool:
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    async def remove_older_than(self, cutoff: datetime) -> int:
        try:
            return await asyncio.to_thread(self._remove_older, cutoff.timestamp())
        except OSError as exc:
            raise ExternalServiceError("storage", type(exc).__name__) from exc

    def _remove_older(self, cutoff: float) -> int:
        if not self._directory.is_dir():
            return 0
        old = [p for p in self._directory.iterdir()
               if NAME.fullmatch(p.name) and p.stat().st_mtime < cutoff]
        return sum(self._unlink(p) for p in old)
