"""Stripe: checkout and portal links, subscriptions fetched when an event lacks them, and
webhook events verified with the SDK (StripeClient, async methods, network retries on)."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode, urlsplit

import stripe
from stripe import StripeClient

from bobby_adapters.stripe_events import USER_REF_KEY, billing_event, subscription_snapshot
from bobby_core.errors import ExternalServiceError, InvalidWebhookError
from bobby_core.model import UserId
from bobby_core.subscriptions.events import BillingEvent, SubscriptionSnapshot

logger = logging.getLogger("bobby.stripe")
# The SDK logs requests and, at debug, response bodies (which can hold a customer's phone).
logging.getLogger("stripe").setLevel(logging.WARNING)
TOLERANCE_SECONDS = 300
NETWORK_RETRIES = 2


def stripe_client(api_key: str | None, api_base: str | None = None) -> StripeClient:
    """A client that retries network failures (a bare StripeClient makes no retries). Without
    a key it can still verify webhooks; API calls are not made."""
    bases = {"api": api_base.rstrip("/")} if api_base else None
    return StripeClient(api_key or "sk_unset", base_addresses=bases,  # type: ignore[arg-type]
                        max_network_retries=NETWORK_RETRIES)


def with_reference(payment_link: str, user_id: UserId) -> str:
    """A Payment Link that reports our user id back as the session's `client_reference_id`."""
    separator = "&" if urlsplit(payment_link).query else "?"
    return f"{payment_link}{separator}{urlencode({'client_reference_id': user_id})}"


class StripePaymentGateway:
    def __init__(self, client: StripeClient, *, has_api_key: bool, webhook_secret: str | None,
                 price_id: str | None = None, payment_link: str | None = None,
                 return_url: str | None = None) -> None:
        self._client, self._has_key, self._secret = client, has_api_key, webhook_secret
        self._price, self._link, self._return = price_id, payment_link, return_url

    @property
    def name(self) -> str:
        return "stripe"

    async def checkout_link(self, user_id: UserId, key: str) -> str | None:
        if self._price and self._has_key:
            params: dict[str, Any] = {
                "mode": "subscription", "line_items": [{"price": self._price, "quantity": 1}],
                "client_reference_id": user_id, "metadata": {USER_REF_KEY: user_id},
                "subscription_data": {"metadata": {USER_REF_KEY: user_id}},
                "phone_number_collection": {"enabled": True},
            }
            if self._return:
                params["success_url"] = self._return
            # Stripe replays the first answer for a key it saw in the last 24 hours: a retried
            # delivery gets the same session.
            session = await self._call(self._client.v1.checkout.sessions.create_async(
                params=params, options={"idempotency_key": key}))  # type: ignore[arg-type]
            return str(session.url) if session.url else None
        if self._link:
            return with_reference(self._link, user_id)
        return None

    async def portal_link(self, customer_id: str, key: str) -> str | None:
        if not self._has_key:
            return None
        params: dict[str, Any] = {"customer": customer_id}
        if self._return:
            params["return_url"] = self._return
        portal = await self._call(self._client.v1.billing_portal.sessions.create_async(
            params=params, options={"idempotency_key": key}))  # type: ignore[arg-type]
        return str(portal.url)

    async def fetch_subscription(self, subscription_id: str) -> SubscriptionSnapshot | None:
        if not self._has_key:
            return None
        try:
            sub = await self._client.v1.subscriptions.retrieve_async(subscription_id)
        except stripe.InvalidRequestError as exc:
            if exc.http_status == 404:
                return None
            raise ExternalServiceError("stripe", type(exc).__name__) from exc
        except stripe.StripeError as exc:
            raise ExternalServiceError("stripe", type(exc).__name__) from exc
        return subscription_snapshot(sub.to_dict())

    def read_event(self, payload: bytes, signature: str | None) -> BillingEvent:
        if not self._secret:
            raise InvalidWebhookError("stripe", "STRIPE_WEBHOOK_SECRET is not configured")
        try:
            self._client.construct_event(payload, signature, self._secret,
                                         tolerance=TOLERANCE_SECONDS)
        except stripe.SignatureVerificationError:
            raise InvalidWebhookError("stripe", "signature does not match or is stale") from None
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, RecursionError):
            # The SDK reads the JSON after checking the signature: a signed body that is not an
            # object, or nested past the parser's depth, fails in there.
            raise InvalidWebhookError("stripe", "malformed signature or body") from None
        try:
            return billing_event(json.loads(payload))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            raise InvalidWebhookError("stripe", "malformed event") from None

    async def _call(self, request: Any) -> Any:
        try:
            return await request
        except stripe.StripeError as exc:
            # The class name only: messages can echo request parameters.
            raise ExternalServiceError("stripe", type(exc).__name__) from exc
