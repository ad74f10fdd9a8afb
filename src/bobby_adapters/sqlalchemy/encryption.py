"""Encryption at rest for the columns that hold what users wrote (DATA_ENCRYPTION_KEY).

A stored value is one of three shapes, told apart by a prefix:

- `enc:v1:<Fernet token>`: encrypted (Fernet: AES-128-CBC with an HMAC-SHA256, keyed per value
  by a random IV). MultiFernet decrypts with any configured key, encrypts with the first.
- `raw:<text>`: plain text written without a key, which itself began with one of the prefixes
  (escaped so that a user who types "enc:v1:" cannot make their own row unreadable).
- anything else: plain text, written before a key was set. It still reads, and `bobby keys
  rotate` encrypts it.

The cipher belongs to an engine (it is attached to the engine's dialect, the one object every
bind and result processor is handed), so two engines in one process can use different keys and
the core never knows. JSON columns keep their JSON type: the ciphertext is stored as a JSON
string, and a legacy plain value is still a JSON object or array.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import JSON, Dialect, Text, TypeDecorator
from sqlalchemy.ext.asyncio import AsyncEngine

PREFIX = "enc:v1:"
ESCAPE = "raw:"
_ATTRIBUTE = "bobby_field_cipher"


class EncryptionKeyError(ValueError):
    """DATA_ENCRYPTION_KEY is not a comma-separated list of Fernet keys."""


class UnreadableValueError(ValueError):
    """A stored value is encrypted with a key that is not configured (or none is)."""


class FieldCipher:
    """Encrypts with the newest key, decrypts with any; `rotate` re-encrypts with the newest."""

    def __init__(self, keys: str) -> None:
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise EncryptionKeyError("DATA_ENCRYPTION_KEY holds no key")
        try:
            self._fernet = MultiFernet([Fernet(k) for k in parts])
        except (ValueError, TypeError) as exc:
            raise EncryptionKeyError(
                "DATA_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes each), "
                "comma-separated, newest first; make one with `bobby keys new`") from exc

    def encrypt(self, text: str) -> str:
        return PREFIX + self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise UnreadableValueError("encrypted with a key that is not configured") from exc


def attach_cipher(engine: AsyncEngine, cipher: FieldCipher | None) -> None:
    """Make every encrypted column on this engine use `cipher` (None: store plain text)."""
    setattr(engine.sync_engine.dialect, _ATTRIBUTE, cipher)


def _cipher(dialect: Dialect) -> FieldCipher | None:
    cipher = getattr(dialect, _ATTRIBUTE, None)
    return cipher if isinstance(cipher, FieldCipher) else None


def seal(text: str, cipher: FieldCipher | None) -> str:
    """The stored form of `text`: encrypted with a key, escaped only if it needs to be without."""
    if cipher is not None:
        return cipher.encrypt(text)
    return ESCAPE + text if text.startswith((PREFIX, ESCAPE)) else text


def unseal(stored: str, cipher: FieldCipher | None) -> str:
    """The text behind a stored value of any of the three shapes."""
    if stored.startswith(PREFIX):
        if cipher is None:
            raise UnreadableValueError("encrypted, and DATA_ENCRYPTION_KEY is not set")
        return cipher.decrypt(stored[len(PREFIX):])
    if stored.startswith(ESCAPE):
        return stored[len(ESCAPE):]
    return stored


def is_sealed(stored: object) -> bool:
    return isinstance(stored, str) and stored.startswith(PREFIX)


class EncryptedText(TypeDecorator[str]):
    """A TEXT column whose value is encrypted when the engine has a cipher."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else seal(value, _cipher(dialect))

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else unseal(value, _cipher(dialect))


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON column whose whole value is encrypted (as one JSON string) with a cipher. None
    is SQL NULL (nothing to hide), not the JSON text `null`."""

    impl = JSON(none_as_null=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        cipher = _cipher(dialect)
        if value is None or cipher is None:
            return value
        return cipher.encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if not is_sealed(value):
            return value  # plain JSON, written without a key
        return json.loads(unseal(value, _cipher(dialect)))
