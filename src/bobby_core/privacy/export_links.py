"""Signed, single-use links to a user's data export, valid for a short while.

A token is `<user id>.<nonce>.<expiry, unix seconds>.<HMAC-SHA256 of the three>`: the server
keeps nothing when it hands one out, and checks the signature in constant time before it
believes any part. Single use is kept by the download (it records the nonce, once)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bobby_core.errors import ExportLinkGoneError, ExportLinkInvalidError
from bobby_core.ports import PublicAddress
from bobby_core.privacy.model import ExportGrant

LINK_LIFETIME = timedelta(minutes=30)
PATH = "/exports/"


class FixedAddress:
    """A configured public address (PUBLIC_BASE_URL)."""

    def __init__(self, base_url: str) -> None:
        self._base = base_url.rstrip("/")

    @property
    def base_url(self) -> str:
        return self._base


class LinkKeySource(Protocol):
    """A key kept somewhere (a file every process of the deployment reads), read when first
    needed: a process that never makes or opens a link never creates it."""

    def key(self) -> bytes: ...


class ExportLinks:
    def __init__(self, key: bytes | LinkKeySource, address: PublicAddress,
                 lifetime: timedelta = LINK_LIFETIME) -> None:
        if isinstance(key, bytes):
            _check(key)
        self._source, self._address, self._lifetime = key, address, lifetime

    @property
    def _key(self) -> bytes:
        if isinstance(self._source, bytes):
            return self._source
        return _check(self._source.key())

    @property
    def lifetime(self) -> timedelta:
        return self._lifetime

    def url_for(self, user_id: str, nonce: str, now: datetime) -> str:
        """The link that lets whoever holds it download this user's data once, until
        `now + lifetime`."""
        expires = int((now + self._lifetime).timestamp())
        body = f"{user_id}.{nonce}.{expires}"
        return f"{self._address.base_url.rstrip('/')}{PATH}{body}.{self._sign(body)}"

    def verify(self, token: str, now: datetime) -> ExportGrant:
        """Whose export the token opens; ExportLinkInvalidError for a token not signed here,
        ExportLinkGoneError once it has expired."""
        body, _, signature = token.rpartition(".")
        if not hmac.compare_digest(signature.encode(), self._sign(body).encode()):
            raise ExportLinkInvalidError("unknown export link")
        user_id, nonce, expires = body.split(".")
        if now >= datetime.fromtimestamp(int(expires), UTC):
            raise ExportLinkGoneError("expired")
        return ExportGrant(user_id=user_id, nonce=nonce)

    def _sign(self, body: str) -> str:
        mac = hmac.new(self._key, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def _check(key: bytes) -> bytes:
    if len(key) < 16:
        raise ValueError("an export link key needs at least 16 bytes")
    return key
