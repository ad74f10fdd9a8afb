"""Meta's webhook checks: the subscription handshake's verify token, and X-Hub-Signature-256
(`sha256=` and the hex HMAC-SHA256 of the raw body, keyed with the app secret), both compared
in constant time. Without Meta's settings (another messaging provider) everything is refused."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from bobby_http.signatures import InvalidSignatureError

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="


class MetaSignatures:
    def __init__(self, app_secret: str | None, verify_token: str | None) -> None:
        self._secret = app_secret.encode() if app_secret else None
        self._verify_token = verify_token.encode() if verify_token else None

    def check_subscription(self, mode: str | None, token: str | None) -> None:
        """The handshake Meta makes when the webhook URL is saved: mode `subscribe` and our
        verify token."""
        if self._verify_token is None or mode != "subscribe" or token is None:
            raise InvalidSignatureError("not a subscription request with our verify token")
        if not hmac.compare_digest(token.encode(), self._verify_token):
            raise InvalidSignatureError("wrong verify token")

    def check_body(self, raw: bytes, header: str | None) -> None:
        if self._secret is None:
            raise InvalidSignatureError("Meta's Cloud API is not the messaging provider")
        if not header or not header.startswith(_PREFIX):
            raise InvalidSignatureError(f"missing {SIGNATURE_HEADER} header")
        expected = hmac.new(self._secret, raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(header[len(_PREFIX):].strip().encode(), expected.encode()):
            raise InvalidSignatureError(f"{SIGNATURE_HEADER} does not match this body")


async def meta_signed(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: a notification must carry Meta's signature over its raw body."""
    if not isinstance(connection, Request):
        raise InvalidSignatureError("signed routes are HTTP only")
    checker: MetaSignatures = connection.app.state.meta_signatures
    checker.check_body(await connection.body(), connection.headers.get(SIGNATURE_HEADER))
