"""The inbox's spool as files: one JSON file per message under SPOOL_DIR, written to a temporary
name, fsynced, renamed into place and the directory fsynced, so a record is either whole on disk
or not there at all, even through a power cut. Names sort in arrival order.

The message text and the profile name are sealed like the database's columns (encrypted with
DATA_ENCRYPTION_KEY when it is set): they are message text at rest. The directory and files are
private to the process's user."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from bobby_adapters.sqlalchemy.encryption import FieldCipher, seal, unseal
from bobby_core.errors import ExternalServiceError
from bobby_core.model import Channel
from bobby_core.ports.spool import Spooled, SpooledMessage

log = logging.getLogger("bobby.spool")

RECORD, HELD = ".json", ".held"


class FileInboxSpool:
    def __init__(self, directory: str | Path, cipher: FieldCipher | None) -> None:
        self._dir, self._cipher = Path(directory), cipher
        self._lock = threading.Lock()
        self._last = 0
        # Records waiting, as this process knows them: every webhook asks, and the directory is
        # listed only the first time (the drain's reads set it right again each second).
        self._waiting: int | None = None
        self._kept = 0

    @property
    def directory(self) -> Path:
        return self._dir

    async def keep(self, message: SpooledMessage) -> None:
        try:
            await asyncio.to_thread(self._write, self._encode(message))
        except OSError as exc:
            raise ExternalServiceError("spool", type(exc).__name__) from exc
        self._waiting = (self._waiting or 0) + 1
        self._kept += 1

    async def holds_any(self) -> bool:
        if self._waiting is None:
            self._waiting = len(await asyncio.to_thread(self._names))
        return self._waiting > 0

    async def oldest(self, limit: int) -> list[Spooled]:
        kept_before = self._kept
        names = await asyncio.to_thread(self._names)
        # A record kept while the directory was read may be missing from the listing: counted
        # again rather than not at all (too many only spools a message more; too few could
        # let a new message overtake a spooled one).
        self._waiting = len(names) + self._kept - kept_before
        return await asyncio.to_thread(self._read, names[:limit])

    async def forget(self, keys: Sequence[str]) -> None:
        if keys:
            await asyncio.to_thread(self._remove, keys)
            self._waiting = max(0, (self._waiting or 0) - len(keys))

    async def set_aside(self, keys: Sequence[str]) -> None:
        if keys:
            await asyncio.to_thread(self._hold, keys)
            self._waiting = max(0, (self._waiting or 0) - len(keys))

    def _key(self) -> str:
        with self._lock:  # strictly increasing within the process, whatever the clock does
            self._last = max(time.time_ns(), self._last + 1)
            return f"{self._last:020d}-{os.getpid()}"

    def _write(self, data: bytes) -> None:
        self._dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = self._key()
        temporary = self._dir / f".{key}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, self._dir / f"{key}{RECORD}")
        self._sync_directory()

    def _sync_directory(self) -> None:
        descriptor = os.open(self._dir, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    def _names(self) -> list[str]:
        try:
            return sorted(n for n in os.listdir(self._dir) if n.endswith(RECORD))
        except OSError:
            # Not there yet (nothing was ever spooled), or not a directory we can read: then
            # nothing could have been written to it either.
            return []

    def _read(self, names: list[str]) -> list[Spooled]:
        found: list[Spooled] = []
        for name in names:
            key = name.removesuffix(RECORD)
            try:
                found.append(Spooled(key=key, message=self._decode(
                    (self._dir / name).read_bytes())))
            except (ValueError, KeyError, TypeError) as exc:
                # Unreadable (a key no longer configured, a hand-edited file): kept, not drained.
                log.error("spooled record %s is unreadable (%s); set aside", key,
                          type(exc).__name__)
                self._hold([key])
        return found

    def _remove(self, keys: Sequence[str]) -> None:
        for key in keys:
            (self._dir / f"{key}{RECORD}").unlink(missing_ok=True)
        self._sync_directory()

    def _hold(self, keys: Sequence[str]) -> None:
        for key in keys:
            os.replace(self._dir / f"{key}{RECORD}", self._dir / f"{key}{HELD}")
        self._sync_directory()

    def _encode(self, m: SpooledMessage) -> bytes:
        record: dict[str, Any] = {
            "sender": m.sender, "text": seal(m.text, self._cipher),
            "provider_message_id": m.provider_message_id,
            "received_at": m.received_at.isoformat(), "provider_user_id": m.provider_user_id,
            "profile_name": seal(m.profile_name, self._cipher) if m.profile_name else None,
            "media_url": m.media_url, "channel": m.channel.value, "needs_turn": m.needs_turn}
        return json.dumps(record, ensure_ascii=False).encode()

    def _decode(self, data: bytes) -> SpooledMessage:
        r = json.loads(data)
        return SpooledMessage(
            sender=r["sender"], text=unseal(r["text"], self._cipher),
            provider_message_id=r["provider_message_id"],
            received_at=datetime.fromisoformat(r["received_at"]),
            provider_user_id=r["provider_user_id"],
            profile_name=unseal(r["profile_name"], self._cipher) if r["profile_name"] else None,
            media_url=r["media_url"], channel=Channel(r["channel"]),
            needs_turn=bool(r.get("needs_turn", True)))
