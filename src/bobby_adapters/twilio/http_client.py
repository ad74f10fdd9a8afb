"""The HTTP client the Twilio SDK sends through: aiohttp, one pooled session, a bounded timeout,
an optional base URL that replaces every Twilio host, and no logging at all.

It fills the SDK's async HTTP client interface (`is_async`, `request`), which is all
`twilio.rest.Client.request_async` uses. The SDK's own `AsyncTwilioHttpClient` does not fit:
it opens its aiohttp session in the constructor (aiohttp needs a running loop there), never
applies its `timeout` (each request passes `timeout=None`, which aiohttp reads as "no limit"),
and logs every request URL at INFO."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from urllib.parse import SplitResult, urlencode, urlsplit, urlunsplit

import aiohttp
from twilio.http.response import Response

from bobby_adapters.aiohttp_sessions import LoopSessions

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_CONNECTIONS = 100


def parse_base_url(base_url: str) -> SplitResult:
    """`https://gateway.example/twilio` -> its parts; anything but an http(s) URL with a host
    is refused here, at start-up, rather than on the first send."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ValueError("TWILIO_API_BASE_URL must be an http(s) URL with a host and no query")
    return parts


def rebase(url: str, base: SplitResult | None) -> str:
    """Swap the scheme and host of a Twilio URL (api.twilio.com, messaging.twilio.com, ...) for
    the base's, keeping the path (after the base's own path prefix) and the query."""
    if base is None:
        return url
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query, ""))


def _pairs(values: Mapping[str, object] | None) -> list[tuple[str, str]]:
    # Twilio's list parameters (MediaUrl) repeat the key, as `requests` encodes them.
    pairs: list[tuple[str, str]] = []
    for key, value in (values or {}).items():
        items = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, str(item)) for item in items)
    return pairs


def _basic(login: str, password: str) -> str:
    # Built here: aiohttp 3.14 deprecates BasicAuth and older releases lack its replacement.
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode("ascii")


class AiohttpTwilioHttpClient:
    is_async = True

    def __init__(self, *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 max_connections: int = DEFAULT_MAX_CONNECTIONS) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._base = parse_base_url(base_url) if base_url else None
        # Half the budget for the TCP connect: a send that fails there certainly never reached
        # Twilio, which the messenger reports apart from a timeout after the request went out.
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=timeout / 2)
        self._sessions = LoopSessions(self._timeout, max_connections)

    @property
    def timeout(self) -> float:
        return float(self._timeout.total or 0)

    async def request(self, method: str, url: str, params: Mapping[str, object] | None = None,
                      data: Mapping[str, object] | None = None,
                      headers: Mapping[str, str] | None = None,
                      auth: tuple[str, str] | None = None,
                      timeout: float | None = None,  # noqa: ASYNC109 - the SDK's interface
                      allow_redirects: bool = False) -> Response:
        session = self._sessions.current()
        body = urlencode(_pairs(data)).encode() if data else None
        sent_headers = dict(headers or {})
        if auth is not None:
            sent_headers["Authorization"] = _basic(*auth)
        async with session.request(
                method.upper(), rebase(url, self._base), params=_pairs(params) or None, data=body,
                headers=sent_headers,
                timeout=self._timeout if timeout is None else aiohttp.ClientTimeout(
                    total=timeout, sock_connect=timeout / 2),
                allow_redirects=allow_redirects) as answer:
            text = await answer.text()
            return Response(answer.status, text, dict(answer.headers))

    async def close(self) -> None:
        """Close the pooled connections (the ASGI lifespan calls this at shutdown)."""
        await self._sessions.close()
