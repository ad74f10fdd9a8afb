"""The address people reach this server at, when PUBLIC_BASE_URL does not say it.

Behind ngrok or a platform router the request this process sees is not the one the client
sent: the router says what it was in X-Forwarded-Proto and X-Forwarded-Host (and the client in
X-Forwarded-For). Those headers are believed only from the proxies the operator trusts, since
anyone else can write them. `ProxyHeadersMiddleware` puts the believed values into the request
(so signatures and links see the public URL), and `RequestOrigin` remembers the latest one for
the links Bobby makes later, in a turn that runs after the request (chart URLs)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Protocol

from litestar.types import ASGIApp, Receive, Scope, Send

_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
_SCHEMES = frozenset({"http", "https"})
LEARN_FROM = ("/webhooks/", "/chat", "/studio/")
"""Only the requests of people talking (Twilio, the web chat, Studio) teach the origin: a
platform's health checks often come in on an internal address no user can open."""


class TrustedProxies:
    """Peers whose forwarded headers are believed: addresses, networks (CIDR) or `*`."""

    def __init__(self, entries: Iterable[str]) -> None:
        cleaned = [e.strip() for e in entries if e.strip()]
        self.everyone = "*" in cleaned
        self._names = {e for e in cleaned if e != "*"}
        self._networks = []
        for entry in self._names:
            try:
                self._networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                continue  # a name (such as a test client's) is matched literally

    @classmethod
    def parse(cls, text: str) -> TrustedProxies:
        return cls(text.split(","))

    def trusts(self, peer: str | None) -> bool:
        if peer is None:
            return False
        if self.everyone or peer in self._names:
            return True
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self._networks)


class Address(Protocol):
    """Where the server is reached, as far as this process knows."""

    @property
    def base_url(self) -> str: ...


class RequestOrigin:
    """`scheme://host[:port]` of the latest request, else the address the server listens on
    (which another process, such as `bobby chat`, reads from what the server wrote)."""

    def __init__(self, fallback: str | Address) -> None:
        self._fallback = fallback
        self._learned: str | None = None

    @property
    def base_url(self) -> str:
        if self._learned:
            return self._learned
        fallback = self._fallback if isinstance(self._fallback, str) else self._fallback.base_url
        return fallback.rstrip("/")

    def learn(self, origin: str) -> None:
        self._learned = origin


def _first(value: bytes) -> str:
    """The client-most value of a header a chain of proxies may have appended to."""
    return value.decode("latin-1").split(",")[0].strip()


def believed(scope: Scope, trusted: TrustedProxies) -> tuple[str, str, list[tuple[bytes, bytes]]]:
    """The scheme, host and headers of the request as the client sent it."""
    raw: dict[bytes, bytes] = {}
    for name, value in scope.get("headers", []):
        raw.setdefault(name.lower(), value)
    scheme = str(scope.get("scheme", "http"))
    host = _first(raw.get(b"host", b"")) or "localhost"
    headers = list(scope.get("headers", []))
    client = scope.get("client")
    if trusted.trusts(client[0] if client else None):
        proto = _first(raw.get(b"x-forwarded-proto", b"")).lower()
        if proto in _SCHEMES:
            websocket = str(scope["type"]) == "websocket"
            scheme = {"http": "ws", "https": "wss"}[proto] if websocket else proto
        forwarded_host = _first(raw.get(b"x-forwarded-host", b""))
        if forwarded_host and _HOST.match(forwarded_host):
            host = forwarded_host
            headers = [(n, v) for n, v in headers if n.lower() != b"host"]
            headers.append((b"host", host.encode("latin-1")))
    return scheme, host, headers


class ProxyHeadersMiddleware:
    """Rewrites scheme and Host from a trusted proxy's X-Forwarded-* headers; remembers the
    request's public origin in `origin` (when one is given)."""

    def __init__(self, app: ASGIApp, trusted: TrustedProxies,
                 origin: RequestOrigin | None = None) -> None:
        self._app, self._trusted, self._origin = app, trusted, origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scheme, host, headers = believed(scope, self._trusted)
            scope["scheme"] = scheme
            scope["headers"] = headers
            path = str(scope.get("path", ""))
            if self._origin is not None and _HOST.match(host) and path.startswith(LEARN_FROM):
                web = {"ws": "http", "wss": "https"}.get(scheme, scheme)
                self._origin.learn(f"{web}://{host}")
        await self._app(scope, receive, send)
