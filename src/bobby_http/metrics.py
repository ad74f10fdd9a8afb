"""GET /metrics: Prometheus text, for a scraper holding METRICS_TOKEN or ADMIN_TOKEN.

Without a token configured the route does not exist (404), so a forgotten setting never
publishes the numbers. The token is compared in constant time."""

from __future__ import annotations

import hmac
from typing import Any, Protocol

from litestar import Litestar, Request, Response, get
from litestar.exceptions import NotAuthorizedException

from bobby_http.errors import EXCEPTION_HANDLERS


class HttpMetrics(Protocol):
    @property
    def content_type(self) -> str:
        """The exposition format's media type."""
        ...

    def webhook_rejected(self, reason: str) -> None:
        """Count one refused webhook request (`signature`, `invalid`, `status_4xx`)."""
        ...

    async def exposition(self) -> bytes:
        """Every metric in the text format, gauges read now."""
        ...


def bearer_matches(header: str | None, tokens: tuple[str, ...]) -> bool:
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    # Every token is compared, so the time taken does not tell which one came close.
    matches = [hmac.compare_digest(given.strip().encode(), t.encode()) for t in tokens]
    return any(matches)


def metrics_routes(metrics: HttpMetrics, tokens: tuple[str, ...]) -> list[Any]:
    if not tokens:
        return []

    @get("/metrics", summary="Prometheus metrics (bearer token)", include_in_schema=False)
    async def scrape(request: Request[Any, Any, Any]) -> Response[bytes]:
        if not bearer_matches(request.headers.get("authorization"), tokens):
            raise NotAuthorizedException("a bearer token (METRICS_TOKEN or ADMIN_TOKEN) is needed",
                                         headers={"WWW-Authenticate": "Bearer"})
        return Response(await metrics.exposition(), media_type=metrics.content_type)

    return [scrape]


def metrics_app(metrics: HttpMetrics, tokens: tuple[str, ...]) -> Litestar:
    """/metrics alone, for a process that serves nothing else (`bobby worker`)."""
    return Litestar(route_handlers=metrics_routes(metrics, tokens), openapi_config=None,
                    exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
                    logging_config=None)
