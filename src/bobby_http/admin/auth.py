"""Who may see the admin pages: the holder of ADMIN_TOKEN, as a bearer header or through the
login form, which opens a server-side session (see sessions.py) named by a random cookie
(Secure, HttpOnly, SameSite=Strict). The forms carry a CSRF token as well.

The token is compared in constant time. Without ADMIN_TOKEN none of these routes exists (404)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware

from bobby_http.admin.sessions import AdminSessions
from bobby_http.metrics import bearer_matches

COOKIE = "bobby_admin"
CSRF_COOKIE = "bobby_admin_csrf"


class LoginRequiredError(NotAuthorizedException):
    """An admin page was asked for without a session: show the login form."""


class AdminAuth:
    def __init__(self, token: str, sessions: AdminSessions) -> None:
        self._token, self.sessions = token, sessions
        # Derived from the token: a new ADMIN_TOKEN voids the old forms as well as the sessions.
        secret = hmac.new(token.encode(), b"bobby admin csrf v1", hashlib.sha256).hexdigest()
        self.csrf = DefineMiddleware(CSRFMiddleware, config=CSRFConfig(
            secret=secret, cookie_name=CSRF_COOKIE, cookie_path="/admin", cookie_secure=True,
            cookie_httponly=True, cookie_samesite="strict"))

    def token_matches(self, given: str) -> bool:
        return hmac.compare_digest(given.strip().encode(), self._token.encode())

    async def allows(self, connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
        if bearer_matches(connection.headers.get("authorization"), (self._token,)):
            return True
        return await self.sessions.valid(connection.cookies.get(COOKIE, ""))

    def guards(self) -> tuple[Guard, Guard]:
        """The API's guard (401 with WWW-Authenticate) and the pages' (the login form)."""

        # Plain functions, not bound methods: Litestar deep-copies guards, and a bound method
        # would copy this object with its database engine.
        async def api_guard(connection: ASGIConnection[Any, Any, Any, Any],
                            _: BaseRouteHandler) -> None:
            if not await self.allows(connection):
                raise NotAuthorizedException("a bearer token (ADMIN_TOKEN) is needed",
                                             headers={"WWW-Authenticate": "Bearer"})

        async def page_guard(connection: ASGIConnection[Any, Any, Any, Any],
                             _: BaseRouteHandler) -> None:
            if not await self.allows(connection):
                raise LoginRequiredError("sign in with the admin token")

        return api_guard, page_guard


Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]
