"""What a development deployment keeps beside its data, so that every process of it (`bobby
serve`, `bobby worker`, `bobby chat`) agrees without a setting: the export-link key, made once,
and the address `bobby serve` last listened on.

Both live in the media directory under names the media route never serves (it serves only
`<key>.<suffix>` names) and the media expiry never removes."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from bobby_main.settings import Settings

KEY_FILE = ".link-signing-key"
ADDRESS_FILE = ".served-address"


class KeptLinkKey:
    """The export-link key of a deployment with no secret configured: read from its file, or
    made and written there (readable by the owner alone) the first time any process needs it."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._key: bytes | None = None

    @property
    def path(self) -> Path:
        return self._path

    def key(self) -> bytes:
        if self._key is None:
            self._key = self._read() or self._make()
        return self._key

    def _read(self) -> bytes | None:
        try:
            text = self._path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return text.encode() if len(text) >= 32 else None

    def _make(self) -> bytes:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        made = secrets.token_hex(32)
        # Written whole under a name of its own, then linked into place: a link fails if the
        # file exists, so of two processes starting at once one key wins, and nobody ever
        # reads a half-written one.
        draft = self._path.with_name(f"{self._path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(made + "\n")
            os.link(draft, self._path)
        except FileExistsError:
            return self._read() or made.encode()
        finally:
            draft.unlink(missing_ok=True)
        return made.encode()


def kept_link_key(s: Settings) -> KeptLinkKey:
    return KeptLinkKey(Path(s.media_dir) / KEY_FILE)


class ServedAddress:
    """Where `bobby serve` listens, as it wrote it when it started; `default` before any
    did. `bobby chat` and a worker make their links with it, so they open on the server."""

    def __init__(self, path: Path, default: str) -> None:
        self._path, self._default = path, default.rstrip("/")

    @property
    def base_url(self) -> str:
        try:
            kept = self._path.read_text(encoding="utf-8").strip()
        except OSError:
            return self._default
        return kept.rstrip("/") or self._default

    def record(self, url: str) -> None:
        """Written by `bobby serve` as it starts (best effort: a read-only disk keeps the
        default)."""
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_text(url + "\n", encoding="utf-8")
        except OSError:
            return


def served_address(s: Settings, default: str) -> ServedAddress:
    return ServedAddress(Path(s.media_dir) / ADDRESS_FILE, default)
