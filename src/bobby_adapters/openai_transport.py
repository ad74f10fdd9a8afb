"""The HTTP transport of Bobby's OpenAI client: the SDK's own aiohttp transport, one per loop.

The SDK's default transport (httpx2's connection pool) looks at every pooled connection each
time a request starts or ends; with hundreds of model calls in flight (a worker whose users
all wait on a slow model) that scan was a tenth of the worker's CPU, and a turn's pair of calls
cost 8-10 ms of CPU against 5-6 ms on aiohttp, side by side (bench/model_calls.py). The SDK
ships aiohttp as an optional transport (`openai[aiohttp]`, DefaultAioHttpClient); its session
belongs to the event loop it first runs on, so a process that runs more than one loop (the
CLI, tests) gets one per loop. If the SDK stops shipping it, the default transport is used:
slower, the same behaviour."""

from __future__ import annotations

import asyncio
import importlib.util
import logging

import aiohttp
import httpx2
from openai import DEFAULT_CONNECTION_LIMITS

log = logging.getLogger(__name__)

_AIOHTTP_TRANSPORT = "openai._vendor.httpx_aiohttp.transport"


def _aiohttp_transport(limits: httpx2.Limits) -> httpx2.AsyncBaseTransport:
    from openai._vendor.httpx_aiohttp.transport import AiohttpTransport

    return AiohttpTransport(limits=limits)


class PerLoopAiohttpTransport(httpx2.AsyncBaseTransport):
    """Delegates to an aiohttp transport made for the running event loop."""

    def __init__(self, limits: httpx2.Limits = DEFAULT_CONNECTION_LIMITS) -> None:
        self._limits = limits
        self._inner: httpx2.AsyncBaseTransport | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        loop = asyncio.get_running_loop()
        if self._inner is None or self._loop is not loop:
            # The old loop's session cannot be closed from here; it went with its loop.
            self._inner, self._loop = _aiohttp_transport(self._limits), loop
        try:
            return await self._inner.handle_async_request(request)
        except httpx2.ConnectTimeout as exc:
            # The transport maps every aiohttp connection error to a connect timeout; a refused
            # or unresolvable host is a connect error (the SDK says "connection error", we say
            # "unreachable"), as on the SDK's default transport.
            if isinstance(exc.__cause__, aiohttp.ClientConnectorError):  # never a timeout
                raise httpx2.ConnectError(str(exc), request=request) from exc.__cause__
            raise

    async def aclose(self) -> None:
        inner, self._inner = self._inner, None
        if inner is not None and self._loop is asyncio.get_running_loop():
            await inner.aclose()


def model_http_client() -> httpx2.AsyncClient | None:
    """The http_client for AsyncOpenAI, or None for the SDK's default."""
    try:
        shipped = importlib.util.find_spec(_AIOHTTP_TRANSPORT) is not None
    except ImportError:  # pragma: no cover - depends on the installed SDK
        shipped = False
    if not shipped:  # pragma: no cover - depends on the installed SDK
        log.warning("the OpenAI SDK's aiohttp transport is missing: using its default transport")
        return None
    # The SDK's own settings for its client (it applies them only to clients it makes).
    return httpx2.AsyncClient(transport=PerLoopAiohttpTransport(), follow_redirects=True)
