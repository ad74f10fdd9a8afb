"""One log line per HTTP request, and a request id on it and on every line logged meanwhile.

The id comes from the platform's router when it sends a sane one (Heroku's X-Request-ID), else
it is made here; it is echoed in the response's X-Request-ID. The line carries the method, the
route (its whole template, router prefix included; never the query string: a query could carry a
phone number), the status the client got and the time.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from bobby_http.errors import status_of

logger = logging.getLogger("bobby.http.access")
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            given = value.decode("latin-1")
            if _SANE_ID.fullmatch(given):
                return given
    return secrets.token_hex(8)


def _route(scope: Scope) -> str:
    """The route's template (`/media/{name}`: a chart's unguessable name is a capability,
    not for the logs); an unrouted path as sent, cut short."""
    template = scope.get("path_template")
    return template or str(scope.get("path", "?"))[:120]


def request_log(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = _request_id(scope)
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 500, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["started"] = message["status"], True
                headers = [*message.get("headers", ()), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await app(scope, receive, send_with_id)
            except Exception as exc:
                # Raised past us (a route's middleware, such as the login's rate limit): the
                # app's own handler answers it outside this middleware, with this status.
                if not status["started"]:
                    status["code"] = status_of(exc)
                raise
            finally:
                logger.info("%s %s %d", scope.get("method", "?"), _route(scope),
                            status["code"], extra={
                                "duration_ms": round((time.perf_counter() - started) * 1000, 1)})

    return middleware
