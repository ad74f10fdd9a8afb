"""Who may see the admin pages: the holder of ADMIN_TOKEN, as a bearer header or through the
login form, which sets a session cookie (Secure, HttpOnly, SameSite=Strict).

The cookie holds a keyed hash of the token, never the token itself; both are compared in
constant time. Without ADMIN_TOKEN none of these routes exists (404)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

from bobby_http.metrics import bearer_matches

COOKIE = "bobby_admin"
SESSION_SECONDS = 8 * 3600


class LoginRequiredError(NotAuthorizedException):
    """An admin page was asked for without a session: show the login form."""


class AdminAuth:
    def __init__(self, token: str) -> None:
        self._token = token
        self._session = hmac.new(token.encode(), b"bobby admin session v1",
                                 hashlib.sha256).hexdigest()

    @property
    def session(self) -> str:
        """The cookie's value for a signed-in operator."""
        return self._session

    def token_matches(self, given: str) -> bool:
        return hmac.compare_digest(given.strip().encode(), self._token.encode())

    def allows(self, connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
        cookie = connection.cookies.get(COOKIE, "")
        by_cookie = hmac.compare_digest(cookie.encode(), self._session.encode())
        by_header = bearer_matches(connection.headers.get("authorization"), (self._token,))
        return by_cookie or by_header

    def api_guard(self, connection: ASGIConnection[Any, Any, Any, Any],
                  _: BaseRouteHandler) -> None:
        if not self.allows(connection):
            raise NotAuthorizedException("a bearer token (ADMIN_TOKEN) is needed",
                                         headers={"WWW-Authenticate": "Bearer"})

    def page_guard(self, connection: ASGIConnection[Any, Any, Any, Any],
                   _: BaseRouteHandler) -> None:
        if not self.allows(connection):
            raise LoginRequiredError("sign in with the admin token")
