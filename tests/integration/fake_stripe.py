"""A small fake of Stripe's REST API on loopback, for adapter and app tests.

It answers POST /v1/checkout/sessions, POST /v1/billing_portal/sessions and
GET /v1/subscriptions/{id} with the documented JSON objects, checks the bearer key, and can
fail the next requests with 500 to exercise the SDK's retries. A POST that carries an
`Idempotency-Key` seen before gets the first answer again and creates nothing (Stripe keeps the
result of a request that ran; one refused before running, as a 500 here, is not kept)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from tests.integration.loopback import LoopbackServer

API_KEY = "sk_test_fake_0123456789"


@dataclass
class FakeStripe:
    api_key: str = API_KEY
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    idempotency_keys: list[str | None] = field(default_factory=list)
    """The Idempotency-Key header of each request, in order."""
    fail_next: list[int] = field(default_factory=list)
    server: LoopbackServer | None = None
    created: int = 0
    """Checkout and portal sessions made (a replayed idempotency key makes none)."""
    answered: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The first answer to each idempotency key."""

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return self.server.base_url

    def start(self) -> FakeStripe:
        self.server = LoopbackServer(self.handle, "POST", "GET")
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        form = parse_qs(request.rfile.read(length).decode()) if length else {}
        self.requests.append((method, request.path, form))
        self.idempotency_keys.append(request.headers.get("Idempotency-Key"))
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            self._answer(request, 401, _error("Invalid API Key provided"))
            return
        if self.fail_next:
            self._answer(request, self.fail_next.pop(0), _error("Something went wrong", "api_error"))
            return
        path = request.path.split("?")[0]
        key = request.headers.get("Idempotency-Key")
        if method == "POST" and key in self.answered:
            self._answer(request, 200, self.answered[key])
            return
        if method == "POST" and path == "/v1/checkout/sessions":
            self.created += 1
            n = self.created
            self._created(request, key, {
                "id": f"cs_test_{n}", "object": "checkout.session", "mode": form["mode"][0],
                "client_reference_id": form.get("client_reference_id", [None])[0],
                "url": f"https://checkout.stripe.com/c/pay/cs_test_{n}", "status": "open"})
        elif method == "POST" and path == "/v1/billing_portal/sessions":
            self.created += 1
            n = self.created
            self._created(request, key, {
                "id": f"bps_test_{n}", "object": "billing_portal.session",
                "customer": form["customer"][0],
                "url": f"https://billing.stripe.com/p/session/test_{n}"})
        elif method == "GET" and path.startswith("/v1/subscriptions/"):
            sub = self.subscriptions.get(path.rsplit("/", 1)[1])
            if sub is None:
                self._answer(request, 404, _error("No such subscription", code="resource_missing"))
            else:
                self._answer(request, 200, sub)
        else:
            self._answer(request, 404, _error("Unrecognized request URL"))

    def _created(self, request: BaseHTTPRequestHandler, key: str | None,
                 body: dict[str, Any]) -> None:
        if key is not None:
            self.answered[key] = body
        self._answer(request, 200, body)

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(raw)))
        request.send_header("Request-Id", "req_fake")
        request.end_headers()
        request.wfile.write(raw)


def _error(message: str, kind: str = "invalid_request_error",
           code: str | None = None) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, **({"code": code} if code else {})}}


def subscription_object(sub_id: str, status: str, period_end: int, *, customer: str = "cus_1",
                        user_ref: str | None = None,
                        cancel_at_period_end: bool = False) -> dict[str, Any]:
    """A Subscription as the basil API returns it: the period end on each item."""
    return {
        "id": sub_id, "object": "subscription", "status": status, "customer": customer,
        "cancel_at_period_end": cancel_at_period_end,
        "metadata": {"bobby_user_id": user_ref} if user_ref else {},
        "items": {"object": "list", "data": [
            {"id": "si_1", "object": "subscription_item", "current_period_end": period_end,
             "current_period_start": period_end - 30 * 86400}]},
    }
