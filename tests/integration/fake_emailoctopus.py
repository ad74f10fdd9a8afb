"""A small fake of the EmailOctopus v2 API on loopback: PUT (upsert) and DELETE contacts.

It checks the bearer token and the JSON content type, and answers with queued statuses
first (429 with X-RateLimit-Retry-After, 5xx, 422 with RFC 9457 field errors)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.integration.loopback import LoopbackServer

TOKEN = "eo_test_token_0123"
LIST_ID = "00000000-0000-0000-0000-000000000001"


@dataclass
class FakeEmailOctopus:
    token: str = TOKEN
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    """Statuses to answer the next requests with, before behaving normally."""
    retry_after: str = "0.2"
    server: LoopbackServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return self.server.base_url

    def start(self) -> FakeEmailOctopus:
        self.server = LoopbackServer(self.handle, "PUT", "DELETE")
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = json.loads(request.rfile.read(length)) if length else None
        self.requests.append((method, request.path, body))
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            self._answer(request, 401, _problem("unauthorized", "Unauthorized", 401))
            return
        if self.answers:
            status = self.answers.pop(0)
            if status == 429:
                self._answer(request, 429, _problem("too-many-requests", "Too many requests", 429),
                             {"X-RateLimit-Retry-After": self.retry_after})
            elif status == 422:
                problem = _problem("bad-request", "Validation failed", 422)
                problem["errors"] = [{"detail": "Not a valid email address.",
                                      "pointer": "/email_address"}]
                self._answer(request, 422, problem)
            else:
                self._answer(request, status, _problem("internal-error", "Internal error", status))
            return
        contacts = f"/lists/{LIST_ID}/contacts"
        if method == "PUT" and request.path == contacts:
            if request.headers.get("Content-Type") != "application/json" or not body:
                self._answer(request, 415, _problem("unsupported-media-type", "Unsupported", 415))
                return
            email = body["email_address"]
            created = email not in self.contacts
            stored = self.contacts.setdefault(email, {"tags": set()})
            for tag, on in (body.get("tags") or {}).items():
                (stored["tags"].add if on else stored["tags"].discard)(tag)
            stored["status"] = body.get("status", "subscribed")
            self._answer(request, 201 if created else 200,
                         {"id": "c-1", "email_address": email, "tags": sorted(stored["tags"]),
                          "status": stored["status"]})
        elif method == "DELETE" and request.path.startswith(contacts + "/"):
            # The contact id is the MD5 of the lower-cased address, as EmailOctopus accepts.
            key = request.path.rsplit("/", 1)[1]
            for email in [e for e in self.contacts if _md5(e) == key]:
                del self.contacts[email]
            self._answer(request, 204, None)
        else:
            self._answer(request, 404, _problem("not-found", "Not found", 404))

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any] | None,
                headers: dict[str, str] | None = None) -> None:
        raw = json.dumps(body).encode() if body is not None else b""
        request.send_response(status)
        if body is not None:
            request.send_header("Content-Type", "application/problem+json" if status >= 400
                                else "application/json")
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(raw)))
        request.end_headers()
        request.wfile.write(raw)


def _md5(email: str) -> str:
    return hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()


def _problem(anchor: str, title: str, status: int) -> dict[str, Any]:
    return {"type": f"https://emailoctopus.com/api-documentation/v2#{anchor}", "title": title,
            "status": status, "detail": title}
