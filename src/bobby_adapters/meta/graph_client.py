"""The Graph API over aiohttp: one pooled session per event loop, a bounded timeout, the
bearer token, JSON in and out, and no logging of what is sent (it names the recipient)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bobby_adapters.aiohttp_sessions import LoopSessions

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_CONNECTIONS = 100


@dataclass(frozen=True, slots=True)
class GraphAnswer:
    status: int
    body: dict[str, Any]

    @property
    def error_code(self) -> int | None:
        """Meta's `error.code` of an error answer, if it carries one."""
        error = self.body.get("error")
        code = error.get("code") if isinstance(error, dict) else None
        return code if isinstance(code, int) else None


class GraphClient:
    def __init__(self, base_url: str, api_version: str, access_token: str, *,
                 timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 max_connections: int = DEFAULT_MAX_CONNECTIONS) -> None:
        parts = urlsplit(base_url.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("META_GRAPH_API_BASE must be an http(s) URL with a host")
        self._root = f"{base_url.rstrip('/')}/{api_version}"
        self._auth = f"Bearer {access_token}"
        # Half the budget for the TCP connect, as the Twilio client does: a send that fails
        # there certainly never reached Meta.
        self._sessions = LoopSessions(
            aiohttp.ClientTimeout(total=timeout, sock_connect=timeout / 2), max_connections)

    async def post(self, path: str, body: dict[str, Any]) -> GraphAnswer:
        """POST `body` as JSON to `/{version}/{path}`; a non-JSON answer is a ValueError."""
        session = self._sessions.current()
        async with session.post(f"{self._root}/{path.lstrip('/')}", json=body,
                                headers={"Authorization": self._auth}) as answer:
            parsed = await answer.json(content_type=None)
            if not isinstance(parsed, dict):
                raise ValueError("the Graph API answered something other than a JSON object")
            return GraphAnswer(answer.status, parsed)

    async def close(self) -> None:
        """Close the pooled connections (the ASGI lifespan calls this at shutdown)."""
        await self._sessions.close()
