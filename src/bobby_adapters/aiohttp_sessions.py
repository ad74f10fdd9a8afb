"""One pooled aiohttp session per event loop, for the messaging providers' HTTP clients, and
how their network failures are described (never with the request, which names a recipient)."""

from __future__ import annotations

import asyncio

import aiohttp


class LoopSessions:
    """Opened on first use: aiohttp binds a session to the running loop, and the container
    builds adapters outside any loop. A new loop (another `asyncio.run`) gets a new session."""

    def __init__(self, timeout: aiohttp.ClientTimeout, max_connections: int) -> None:
        self._timeout, self._max_connections = timeout, max_connections
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def current(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout, connector=aiohttp.TCPConnector(limit=self._max_connections))
            self._loop = loop
        return self._session

    async def close(self) -> None:
        """Close the pooled connections (the ASGI lifespan calls this at shutdown)."""
        session, self._session = self._session, None
        # A session opened on a loop that has since ended cannot be closed from this one.
        if session is not None and not session.closed and self._loop is asyncio.get_running_loop():
            await session.close()


def describe_failure(exc: BaseException, provider: str) -> str:
    """What went wrong with a call that raised `exc`, for a DeliveryError's detail."""
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return "unreachable (connect timeout)"
    if isinstance(exc, TimeoutError):
        # The request may have reached the provider: a status report can still match it.
        return f"timeout ({provider} may have accepted the message)"
    if isinstance(exc, ValueError):
        return "malformed answer"
    return "unreachable"
