"""EmailOctopus API v2: upsert a contact with tags, delete it by the MD5 of its address.

429 is retried after the server's `X-RateLimit-Retry-After` (capped), 5xx and network errors
after a short back-off; a bounded number of tries keeps a webhook or sweep from hanging. What
still fails is raised as MailingListError and retried later by the sweep."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from bobby_core.errors import MailingListError

logger = logging.getLogger("bobby.emailoctopus")
DEFAULT_BASE = "https://api.emailoctopus.com"
TRIES = 3
MAX_WAIT_SECONDS = 5.0
RETRY_HEADERS = ("X-RateLimit-Retry-After", "X-RateLimiting-Retry-After", "Retry-After")


class EmailOctopusMailingList:
    def __init__(self, client: httpx.AsyncClient, api_key: str, list_id: str,
                 base_url: str = DEFAULT_BASE, backoff_seconds: float = 0.5) -> None:
        self._client, self._key, self._list = client, api_key, list_id
        self._base, self._backoff = base_url.rstrip("/"), backoff_seconds

    @property
    def enabled(self) -> bool:
        return True

    async def aclose(self) -> None:
        await self._client.aclose()

    async def upsert(self, email: str, tags: dict[str, bool]) -> None:
        body = {"email_address": email, "tags": tags, "status": "subscribed"}
        await self._send("PUT", f"/lists/{self._list}/contacts", body)

    async def delete(self, contact_key: str) -> None:
        await self._send("DELETE", f"/lists/{self._list}/contacts/{contact_key}", None,
                         missing_ok=True)

    async def _send(self, method: str, path: str, body: dict[str, Any] | None,
                    missing_ok: bool = False) -> None:
        headers = {"Authorization": f"Bearer {self._key}", "Accept": "application/json"}
        for attempt in range(1, TRIES + 1):
            try:
                response = await self._client.request(method, self._base + path, json=body,
                                                       headers=headers)
            except httpx.HTTPError as exc:
                if attempt == TRIES:
                    raise MailingListError(type(exc).__name__, permanent=False) from exc
                await asyncio.sleep(self._backoff * attempt)
                continue
            status = response.status_code
            if status < 300 or (missing_ok and status == 404):
                return
            if status == 429 or status >= 500:
                if attempt == TRIES:
                    raise MailingListError(f"HTTP {status} after {TRIES} tries", permanent=False)
                await asyncio.sleep(self._wait(response, attempt))
                continue
            raise MailingListError(_explain(response), permanent=status in (400, 404, 409, 422))
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, response: httpx.Response, attempt: int) -> float:
        for name in RETRY_HEADERS:
            value = response.headers.get(name)
            if value is not None:
                try:
                    return min(max(float(value), 0.0), MAX_WAIT_SECONDS)
                except ValueError:
                    break
        return min(self._backoff * attempt, MAX_WAIT_SECONDS)


def _explain(response: httpx.Response) -> str:
    """The provider's problem title and field errors (never the address we sent)."""
    try:
        problem = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if not isinstance(problem, dict):
        return f"HTTP {response.status_code}"
    title = str(problem.get("title") or f"HTTP {response.status_code}")
    fields = [str(e.get("pointer", "")) for e in problem.get("errors") or [] if isinstance(e, dict)]
    return f"HTTP {response.status_code} {title}" + (f" ({', '.join(fields)})" if fields else "")
