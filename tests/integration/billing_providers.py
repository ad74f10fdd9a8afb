"""Each payment provider as the billing contract and the paywall story drive it: its real
adapter pointed at its fake API on loopback, and the product's billing stories written as that
provider's own signed notifications.

A story step returns the payloads the provider would send for it, and leaves the provider's
fake API answering with the subscription as it stands after the step (what a fetch sees)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from pydantic import SecretStr

from bobby_adapters.paddle_payments import PaddleClients, PaddlePaymentGateway
from bobby_adapters.stripe_payments import StripePaymentGateway, stripe_client
from bobby_core.ports import PaymentGateway
from tests.integration import paddle_signing as paddle
from tests.integration import stripe_signing as stripe
from tests.integration.fake_paddle import API_KEY as PADDLE_KEY
from tests.integration.fake_paddle import (
    CUSTOMER_ID,
    PAYMENT_LINK,
    PRICE_ID,
    FakePaddle,
    customer_entity,
    subscription_entity,
)
from tests.integration.fake_stripe import API_KEY as STRIPE_KEY
from tests.integration.fake_stripe import FakeStripe, subscription_object

EMAIL = "sam@example.com"


def ts(moment: datetime) -> int:
    return int(moment.timestamp())


class Provider(Protocol):
    name: str
    path: str
    """Where its webhooks arrive."""
    header: str
    """The header its signature travels in."""
    checkout_prefix: str
    portal_prefix: str

    def stop(self) -> None: ...
    def gateway(self) -> PaymentGateway: ...
    def settings(self) -> dict[str, Any]: ...
    def sign(self, payload: str) -> str: ...
    def is_subscription_event(self, payload: str) -> bool: ...
    def checkout_user(self) -> str | None:
        """Our user id as the last checkout the fake API made carries it."""
    def subscribed(self, user: str, status: str, starts: datetime, ends: datetime,
                   at: datetime) -> list[str]: ...
    def renewal_failed(self, starts: datetime, ends: datetime, at: datetime) -> list[str]: ...
    def cancel_scheduled(self, starts: datetime, ends: datetime, at: datetime) -> list[str]: ...
    def ended(self, ends: datetime, at: datetime) -> list[str]: ...
    def paused(self, at: datetime) -> list[str]: ...
    def pass_bought(self, user: str, at: datetime) -> list[str]: ...
    def refunded(self, at: datetime) -> list[str]: ...


class StripeProvider:
    name, path, header = "stripe", "/webhooks/stripe", "Stripe-Signature"
    checkout_prefix = "https://checkout.stripe.com/c/pay/"
    portal_prefix = "https://billing.stripe.com/"
    SUB, PAYMENT = "sub_1", "pi_test_1"

    def __init__(self) -> None:
        self.fake = FakeStripe().start()
        self._user: str | None = None

    def stop(self) -> None:
        self.fake.stop()

    def gateway(self) -> PaymentGateway:
        return StripePaymentGateway(stripe_client(STRIPE_KEY, self.fake.base_url),
                                    has_api_key=True, webhook_secret=stripe.SECRET,
                                    price_id="price_1")

    def settings(self) -> dict[str, Any]:
        return {"stripe_api_key": SecretStr(STRIPE_KEY),
                "stripe_webhook_secret": SecretStr(stripe.SECRET),
                "stripe_api_base": self.fake.base_url, "stripe_price_id": "price_1"}

    def sign(self, payload: str) -> str:
        return stripe.signed(payload)

    def is_subscription_event(self, payload: str) -> bool:
        return str(json.loads(payload)["type"]).startswith("customer.subscription.")

    def checkout_user(self) -> str | None:
        made = [form for _, path, form in self.fake.requests if path == "/v1/checkout/sessions"]
        return made[-1]["client_reference_id"][0] if made else None

    def _event(self, type_: str, status: str, ends: datetime, at: datetime,
               cancel: bool = False) -> str:
        # Our Checkout Sessions put our user id in the subscription's metadata too.
        self.fake.subscriptions[self.SUB] = subscription_object(
            self.SUB, status, ts(ends), cancel_at_period_end=cancel, user_ref=self._user)
        return stripe.subscription_event(type_, status, ts(ends), ts(at), sub_id=self.SUB,
                                         cancel_at_period_end=cancel, user_ref=self._user)

    def subscribed(self, user: str, status: str, starts: datetime, ends: datetime,
                   at: datetime) -> list[str]:
        self._user = user
        return [stripe.checkout_completed(ref=user, email=EMAIL, created=ts(at)),
                self._event("customer.subscription.created", status, ends, at)]

    def renewal_failed(self, starts: datetime, ends: datetime, at: datetime) -> list[str]:
        return [stripe.invoice_event(False, ts(ends), ts(at)),
                self._event("customer.subscription.updated", "past_due", ends, at)]

    def cancel_scheduled(self, starts: datetime, ends: datetime, at: datetime) -> list[str]:
        return [self._event("customer.subscription.updated", "active", ends, at, cancel=True)]

    def ended(self, ends: datetime, at: datetime) -> list[str]:
        return [self._event("customer.subscription.deleted", "canceled", ends, at)]

    def paused(self, at: datetime) -> list[str]:
        return [self._event("customer.subscription.updated", "paused", at, at)]

    def pass_bought(self, user: str, at: datetime) -> list[str]:
        return [stripe.checkout_completed(ref=user, mode="payment", created=ts(at),
                                          payment_intent=self.PAYMENT)]

    def refunded(self, at: datetime) -> list[str]:
        return [stripe.charge_refunded(self.PAYMENT, ts(at))]


class PaddleProvider:
    name, path, header = "paddle", "/webhooks/paddle", "Paddle-Signature"
    checkout_prefix = f"{PAYMENT_LINK}?_ptxn=txn_"
    portal_prefix = "https://customer-portal.paddle.com/"
    SUB, PAYMENT = "sub_01hv8x29kz0t586xy6zn1a62ny", "txn_01hv8wptq8987qeep44cyrewp9"

    def __init__(self) -> None:
        self.fake = FakePaddle().start()
        self.fake.customers[CUSTOMER_ID] = customer_entity(EMAIL)
        self._user: str | None = None

    def stop(self) -> None:
        self.fake.stop()

    def gateway(self) -> PaymentGateway:
        return PaddlePaymentGateway(PaddleClients(PADDLE_KEY, "sandbox", self.fake.base_url),
                                    webhook_secret=paddle.SECRET, price_id=PRICE_ID,
                                    checkout_url=PAYMENT_LINK)

    def settings(self) -> dict[str, Any]:
        return {"payments_provider": "paddle", "paddle_api_key": SecretStr(PADDLE_KEY),
                "paddle_webhook_secret": SecretStr(paddle.SECRET), "paddle_price_id": PRICE_ID,
                "paddle_api_base": self.fake.base_url, "paddle_checkout_url": PAYMENT_LINK}

    def sign(self, payload: str) -> str:
        return paddle.signed(payload)

    def is_subscription_event(self, payload: str) -> bool:
        return str(json.loads(payload)["event_type"]).startswith("subscription.")

    def checkout_user(self) -> str | None:
        made = [body for method, path, body, _ in self.fake.requests
                if (method, path) == ("POST", "/transactions")]
        return made[-1]["custom_data"]["bobby_user_id"] if made else None

    def _event(self, type_: str, status: str, at: datetime, **entity: Any) -> str:
        # The subscription keeps the custom data of the transaction that created it.
        entity = {"user_ref": self._user, **entity}
        self.fake.subscriptions[self.SUB] = subscription_entity(self.SUB, status, updated=at,
                                                                **entity)
        return paddle.subscription_event(type_, self.SUB, status, at, **entity)

    def subscribed(self, user: str, status: str, starts: datetime, ends: datetime,
                   at: datetime) -> list[str]:
        # Paddle's documented order: paid (no subscription yet), then the subscription
        # (carrying the transaction's custom data), then completed.
        self._user = user
        return [paddle.transaction_event("transaction.paid", at, sub_id=None, user_ref=user,
                                         txn_id=self.PAYMENT),
                self._event("subscription.created", status, at, starts=starts, ends=ends,
                            user_ref=user),
                paddle.transaction_event("transaction.completed", at, sub_id=self.SUB,
                                         starts=starts, ends=ends, user_ref=user,
                                         txn_id=self.PAYMENT)]

    def renewal_failed(self, starts: datetime, ends: datetime, at: datetime) -> list[str]:
        return [self._event("subscription.past_due", "past_due", at, starts=starts, ends=ends)]

    def cancel_scheduled(self, starts: datetime, ends: datetime, at: datetime) -> list[str]:
        return [self._event("subscription.updated", "active", at, starts=starts, ends=ends,
                            scheduled_cancel=ends)]

    def ended(self, ends: datetime, at: datetime) -> list[str]:
        return [self._event("subscription.canceled", "canceled", at, starts=None, ends=None,
                            canceled_at=ends)]

    def paused(self, at: datetime) -> list[str]:
        return [self._event("subscription.paused", "paused", at, starts=None, ends=None,
                            paused_at=at)]

    def pass_bought(self, user: str, at: datetime) -> list[str]:
        return [paddle.transaction_event("transaction.completed", at, sub_id=None,
                                         user_ref=user, txn_id=self.PAYMENT, one_off=True)]

    def refunded(self, at: datetime) -> list[str]:
        # Refunds wait for Paddle's approval: created pending, then updated once approved.
        return [paddle.adjustment_event(self.PAYMENT, at, status="pending_approval"),
                paddle.adjustment_event(self.PAYMENT, at, type_="adjustment.updated")]


PROVIDERS: dict[str, Callable[[], Provider]] = {"stripe": StripeProvider, "paddle": PaddleProvider}
