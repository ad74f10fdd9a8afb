"""Paddle Billing: checkout links from transactions, customer portal sessions, subscriptions
fetched when an event lacks them, and notifications verified with the SDK's PaddleSignature.

The SDK is synchronous (requests) and keeps each request's body and response on the client
object, so a client shared between threads could send one call's body with another's; every
call gets its own client, on a worker thread."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import quote

import requests
from paddle_billing import Client, Environment, Options
from paddle_billing.Entities.Shared import Checkout, CustomData
from paddle_billing.Logger import get_logger
from paddle_billing.Notifications import PaddleSignature, Secret
from paddle_billing.Resources.CustomerPortalSessions.Operations import CreateCustomerPortalSession
from paddle_billing.Resources.Transactions.Operations import CreateTransaction
from paddle_billing.Resources.Transactions.Operations.Create import TransactionCreateItem

from bobby_adapters.paddle_events import USER_REF_KEY, billing_event, subscription_snapshot
from bobby_core.errors import ExternalServiceError, InvalidWebhookError
from bobby_core.model import UserId
from bobby_core.subscriptions.events import BillingEvent, SubscriptionSnapshot

# The SDK logs each verification at INFO and, at DEBUG, response bodies (which hold emails).
get_logger()
logging.getLogger("paddle_billing").setLevel(logging.WARNING)
TOLERANCE_SECONDS = 300
"""How far `ts` may be from our clock, either way. The SDK's Verifier allows 5 s, which a
delivery queued behind a slow proxy or a server clock a few seconds off fails, and a rejected
event is retried until Paddle gives up. Replays inside the window change nothing: every event
is applied once by its id. Unverified: whether Paddle signs a retry anew; if a retry kept the
first attempt's `ts`, retries after five minutes would be refused, and this should widen. (The
SDK's Verifier is not used: the environment variable TEST_MODE switches its time check off.)"""
TIMEOUT_SECONDS = 10.0
RETRIES = 2
"""The SDK retries GETs on 429/5xx and connection failures, never a POST on a status."""
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ApiBase:
    """Another host for the API (a fake in tests): the SDK reads only `base_url`."""

    base_url: str


class PaddleClients:
    """Makes a fresh SDK client per call (see the module docstring)."""

    def __init__(self, api_key: str, environment: str, api_base: str | None = None) -> None:
        self._key = api_key
        self._environment: Any = ApiBase(api_base.rstrip("/")) if api_base else Environment(environment)

    def __call__(self) -> Client:
        client = Client(self._key, options=Options(self._environment), retry_count=RETRIES,
                        timeout=TIMEOUT_SECONDS, logger=logging.getLogger("paddle_billing.client"))
        # The SDK mounts its retries for https only; a plain-http base (a fake) behaves the same.
        client.client.mount("http://", client.client.get_adapter("https://"))
        return client


class PaddlePaymentGateway:
    def __init__(self, clients: Callable[[], Client], *, webhook_secret: str, price_id: str,
                 checkout_url: str, now: Callable[[], float] = time.time) -> None:
        self._clients, self._secret, self._price = clients, webhook_secret, price_id
        self._checkout_url, self._now = checkout_url, now

    @property
    def name(self) -> str:
        return "paddle"

    async def checkout_link(self, user_id: UserId, key: str) -> str | None:
        # Paddle documents no idempotency key for creating a transaction: a retried delivery
        # makes a second draft transaction (and link). A draft nobody opens is never charged
        # and stays a draft; only the link that was delivered reaches the user. `key` goes in
        # the SDK's X-Transaction-ID header, which Paddle does not document as deduplicating.
        operation = CreateTransaction(
            items=[TransactionCreateItem(price_id=self._price, quantity=1)],
            custom_data=CustomData({USER_REF_KEY: user_id}), checkout=Checkout(url=self._checkout_url))

        def create(client: Client) -> str | None:
            client.transaction_id = key
            return _text(_data(client.post_raw("/transactions", operation))["checkout"]["url"])

        return await self._call(create)

    async def portal_link(self, customer_id: str, key: str) -> str | None:
        # A portal session changes nothing at Paddle, so a second one on a retry costs nothing.
        def create(client: Client) -> str | None:
            client.transaction_id = key
            path = f"/customers/{quote(customer_id, safe='')}/portal-sessions"
            session = _data(client.post_raw(path, CreateCustomerPortalSession()))
            return _text(session["urls"]["general"]["overview"])

        return await self._call(create)

    async def fetch_subscription(self, subscription_id: str) -> SubscriptionSnapshot | None:
        def fetch(client: Client) -> SubscriptionSnapshot | None:
            try:
                sub = _data(client.get_raw(f"/subscriptions/{quote(subscription_id, safe='')}"))
            except requests.HTTPError as exc:
                if exc.response is not None and exc.response.status_code == 404:
                    return None
                raise
            snapshot = subscription_snapshot(sub)
            if snapshot.customer_id is None:
                return snapshot
            # Paddle's events never carry the customer's address; the mailing list needs it.
            customer = _data(client.get_raw(f"/customers/{quote(snapshot.customer_id, safe='')}"))
            return replace(snapshot, email=_text(customer.get("email")))

        return await self._call(fetch)

    def read_event(self, payload: bytes, signature: str | None) -> BillingEvent:
        self._verify(payload, signature)
        try:
            return billing_event(json.loads(payload))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            raise InvalidWebhookError("paddle", "malformed event") from None

    def _verify(self, payload: bytes, header: str | None) -> None:
        if not header:
            raise InvalidWebhookError("paddle", "no Paddle-Signature header")
        try:
            timestamp, hashes = PaddleSignature.parse(header)
            body = payload.decode("utf-8")
            if not hashes[PaddleSignature().HASH_ALGORITHM_1]:
                raise ValueError("no h1")
            if abs(self._now() - timestamp) > TOLERANCE_SECONDS:
                raise InvalidWebhookError("paddle", "signature is stale")
            # Constant-time comparison of each h1 (hmac.compare_digest, in the SDK).
            valid = PaddleSignature().verify(header, body, Secret(self._secret))
        except (ValueError, TypeError, OverflowError):
            raise InvalidWebhookError("paddle", "malformed signature or body") from None
        if not valid:
            raise InvalidWebhookError("paddle", "signature does not match")

    async def _call(self, work: Callable[[Client], T]) -> T:
        # Only the fields used are read from answers (not the SDK's entities, which fail on any
        # field a newer or older API version lacks).
        try:
            return await asyncio.to_thread(work, self._clients())
        except (requests.RequestException, KeyError, ValueError, TypeError, AttributeError) as exc:
            # The class name only: messages can echo request parameters.
            raise ExternalServiceError("paddle", type(exc).__name__) from exc


def _data(response: requests.Response) -> dict[str, Any]:
    data = response.json()["data"]
    if not isinstance(data, dict):
        raise TypeError("answer without an object")
    return data


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
