"""A small fake of the Paddle Billing API (version 1) on loopback, for adapter and app tests.

It answers POST /transactions, POST /customers/{id}/portal-sessions, GET /subscriptions/{id}
and GET /customers/{id} with entities shaped as Paddle documents them (the examples of the API
reference: a draft transaction created without a customer, `checkout.url` = the payment link
+ `?_ptxn=`), errors as `{"error": {type, code, detail, documentation_url}, "meta"}`. It checks
the bearer key and can fail the next requests with 5xx."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.integration.loopback import LoopbackServer, send_json

API_KEY = "pdl_sdbx_apikey_01testfakekey0123456789"
PRICE_ID = "pri_01gsz8x8sawmvhz1pv30nge1ke"
PASS_PRICE_ID = "pri_01gsz98e27ak2tyhexptwc58yk"
CUSTOMER_ID = "ctm_01hv6y1jedq4p1n0yqn5ba3ky4"
PAYMENT_LINK = "https://bobby.example.org/pay"
_ids = itertools.count(1)


def paddle_id(prefix: str) -> str:
    """An id in Paddle's form: a prefix and 26 lower-case base-32 characters."""
    return f"{prefix}_01hv{next(_ids):022d}"


def iso(moment: datetime) -> str:
    """A time as Paddle writes it: RFC 3339, UTC, microseconds, `Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class FakePaddle:
    api_key: str = API_KEY
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, Any, dict[str, str]]] = field(default_factory=list)
    """(method, path, JSON body, headers) of every request."""
    fail_next: list[int] = field(default_factory=list)
    server: LoopbackServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return self.server.base_url

    def start(self) -> FakePaddle:
        self.server = LoopbackServer(self.handle, "POST", "GET")
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def paths(self, method: str) -> list[str]:
        return [path for m, path, _, _ in self.requests if m == method]

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = json.loads(request.rfile.read(length)) if length else None
        self.requests.append((method, request.path, body, dict(request.headers)))
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            self._error(request, 403, "authentication_malformed",
                        "Authentication header included, but incorrectly formatted")
            return
        if self.fail_next:
            self._error(request, self.fail_next.pop(0), "internal_error", "Something went wrong")
            return
        parts = request.path.split("?")[0].strip("/").split("/")
        if method == "POST" and parts == ["transactions"]:
            self._answer(request, 201, draft_transaction(body))
        elif method == "POST" and len(parts) == 3 and parts[0] == "customers" \
                and parts[2] == "portal-sessions":
            self._answer(request, 201, portal_session(parts[1]))
        elif method == "GET" and len(parts) == 2 and parts[0] in ("subscriptions", "customers"):
            known = self.subscriptions if parts[0] == "subscriptions" else self.customers
            if parts[1] in known:
                self._answer(request, 200, known[parts[1]])
            else:
                self._error(request, 404, "not_found", f"Entity {parts[1]} not found")
        else:
            self._error(request, 404, "not_found", "Not found")

    def _answer(self, request: BaseHTTPRequestHandler, status: int, data: dict[str, Any]) -> None:
        send_json(request, status, {"data": data, "meta": {"request_id": paddle_id("req")}})

    def _error(self, request: BaseHTTPRequestHandler, status: int, code: str, detail: str) -> None:
        send_json(request, status, {
            "error": {"type": "request_error" if status < 500 else "api_error", "code": code,
                      "detail": detail,
                      "documentation_url": f"https://developer.paddle.com/v1/errors/shared/{code}"},
            "meta": {"request_id": paddle_id("req")}})


def price(price_id: str = PRICE_ID) -> dict[str, Any]:
    """A price entity; the pass price has no billing cycle (a one-time price)."""
    recurring = price_id != PASS_PRICE_ID
    return {
        "id": price_id, "product_id": "pro_01gsz4t5hdjse780zja8vvr7jg", "type": "standard",
        "description": "Monthly" if recurring else "One-time pass", "name": "Bobby",
        "billing_cycle": {"interval": "month", "frequency": 1} if recurring else None,
        "trial_period": None, "tax_mode": "account_setting",
        "unit_price": {"amount": "900", "currency_code": "GBP"}, "unit_price_overrides": [],
        "custom_data": None, "quantity": {"minimum": 1, "maximum": 1}, "status": "active",
        "import_meta": None, "created_at": "2023-02-23T13:55:22.538367Z",
        "updated_at": "2024-04-11T13:54:52.254748Z",
    }


def product() -> dict[str, Any]:
    return {"id": "pro_01gsz4t5hdjse780zja8vvr7jg", "name": "Bobby", "type": "standard",
            "tax_category": "standard", "description": "Coaching on WhatsApp", "image_url": None,
            "custom_data": None, "status": "active", "import_meta": None,
            "created_at": "2023-02-23T12:43:46.605Z", "updated_at": "2024-04-05T15:53:44.687Z"}


def draft_transaction(request: Any) -> dict[str, Any]:
    """What POST /transactions answers for items and custom data without a customer: a draft,
    its checkout link the given (or default) payment link plus `?_ptxn=`."""
    txn_id = paddle_id("txn")
    link = (request.get("checkout") or {}).get("url") or PAYMENT_LINK
    return {
        "id": txn_id, "status": "draft", "customer_id": None, "address_id": None,
        "business_id": None, "custom_data": request.get("custom_data"), "origin": "api",
        "collection_mode": "automatic", "subscription_id": None, "invoice_id": None,
        "invoice_number": None, "billing_details": None, "billing_period": None,
        "currency_code": "GBP", "discount_id": None,
        "created_at": "2024-04-12T13:15:23.99193Z", "updated_at": "2024-04-12T13:15:23.99193Z",
        "billed_at": None, "revised_at": None,
        "items": [{"price": price(item["price_id"]), "quantity": item["quantity"]}
                  for item in request["items"]],
        "details": {"tax_rates_used": [], "totals": totals(), "adjusted_totals": totals(),
                    "payout_totals": None, "adjusted_payout_totals": None, "line_items": []},
        "payments": [], "checkout": {"url": f"{link}?_ptxn={txn_id}"},
    }


def totals() -> dict[str, Any]:
    return {"subtotal": "750", "tax": "150", "discount": "0", "total": "900",
            "grand_total": "900", "grand_total_tax": "150", "fee": None, "credit": "0",
            "credit_to_balance": "0", "balance": "900", "earnings": None, "currency_code": "GBP",
            "retained_fee": "0"}


def portal_session(customer_id: str) -> dict[str, Any]:
    session = paddle_id("cpls")
    return {"id": session, "customer_id": customer_id,
            "urls": {"general": {"overview": f"https://customer-portal.paddle.com/cpl_01j7zbyqs3vah3aafp4jf62qaw?action=overview&token=pga_{session}"},
                     "subscriptions": []},
            "created_at": "2024-10-25T06:53:58Z"}


def customer_entity(email: str = "sam@example.com",
                    customer_id: str = CUSTOMER_ID) -> dict[str, Any]:
    return {"id": customer_id, "name": "Sam", "email": email, "marketing_consent": False,
            "status": "active", "custom_data": None, "locale": "en",
            "created_at": "2024-04-11T15:57:24.813Z", "updated_at": "2024-04-11T15:57:24.813Z",
            "import_meta": None}


def subscription_entity(sub_id: str, status: str, *, starts: datetime | None,
                        ends: datetime | None, updated: datetime,
                        user_ref: str | None = None, scheduled_cancel: datetime | None = None,
                        canceled_at: datetime | None = None, paused_at: datetime | None = None,
                        customer_id: str = CUSTOMER_ID) -> dict[str, Any]:
    """A subscription entity as notifications and GET /subscriptions/{id} carry it. Canceled
    and paused ones have no current period; a cancellation for the period end is a
    `scheduled_change`; the custom data of the transaction that created it is copied on."""
    period = {"starts_at": iso(starts), "ends_at": iso(ends)} if starts and ends else None
    change = ({"action": "cancel", "effective_at": iso(scheduled_cancel), "resume_at": None}
              if scheduled_cancel else None)
    return {
        "id": sub_id, "status": status, "customer_id": customer_id,
        "address_id": "add_01hv8gq3318ktkfengj2r75gfx", "business_id": None,
        "currency_code": "GBP", "created_at": "2024-04-12T10:38:00.761Z", "updated_at": iso(updated),
        "started_at": "2024-04-12T10:37:59.556997Z", "first_billed_at": "2024-04-12T10:37:59.556997Z",
        "next_billed_at": (period["ends_at"] if period and status in ("active", "trialing", "past_due")
                           else None),
        "paused_at": iso(paused_at) if paused_at else None,
        "canceled_at": iso(canceled_at) if canceled_at else None, "discount": None,
        "collection_mode": "automatic", "billing_details": None, "current_billing_period": period,
        "billing_cycle": {"interval": "month", "frequency": 1}, "scheduled_change": change,
        "items": [{"status": "trialing" if status == "trialing" else "active", "quantity": 1,
                   "recurring": True, "created_at": "2024-04-12T10:38:00.761Z",
                   "updated_at": iso(updated), "previously_billed_at": None,
                   "next_billed_at": period["ends_at"] if period else None,
                   "trial_dates": period if status == "trialing" else None,
                   "price": price(), "product": product()}],
        "custom_data": {"bobby_user_id": user_ref} if user_ref else None, "import_meta": None,
        "consent_requirements": [],
        "management_urls": {"update_payment_method": None,
                            "cancel": f"https://buyer-portal.paddle.com/subscriptions/{sub_id}/cancel"},
    }
