"""The paywall as a WhatsApp user meets it, through the real app: the checkout link instead of
the exercise, "why not buy", access after a signed checkout, and the end of access."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from injector import Injector
from litestar import Litestar
from litestar.testing import TestClient
from pydantic import SecretStr

from bobby_core.model import Direction
from tests import flow_words as words
from tests.integration.fake_stripe import API_KEY, FakeStripe, subscription_object
from tests.integration.http_support import say, sids, store_of
from tests.integration.http_support import wire as http_wire
from tests.integration.stripe_signing import SECRET, checkout_completed, signed, subscription_event

pytestmark = pytest.mark.integration
DAY = 86400
REFLECT_FIRST = words.text("reflect", "event")


@pytest.fixture
def stripe() -> Iterator[FakeStripe]:
    server = FakeStripe().start()
    yield server
    server.stop()


def wire(stripe: FakeStripe) -> tuple[Litestar, Injector]:
    return http_wire(paywall=True, stripe_api_key=SecretStr(API_KEY),
                     stripe_webhook_secret=SecretStr(SECRET), stripe_api_base=stripe.base_url,
                     stripe_price_id="price_1")


def stripe_post(client: TestClient[Litestar], payload: str) -> Any:
    return client.post("/webhooks/stripe", content=payload,
                       headers={"Content-Type": "application/json",
                                "Stripe-Signature": signed(payload)})


def test_a_user_without_access_gets_the_checkout_link_then_access_then_its_end(
        stripe: FakeStripe) -> None:
    app, container = wire(stripe)
    sid = sids()
    with TestClient(app) as client:
        say(client, "hi", next(sid))
        say(client, "yes", next(sid))
        offered = say(client, "2", next(sid))
        assert "https://checkout.stripe.com/c/pay/cs_test_1" in offered
        assert REFLECT_FIRST not in offered
        [user] = store_of(container).users.values()
        created = [form for method, path, form in stripe.requests
                   if path == "/v1/checkout/sessions"]
        assert created[-1]["client_reference_id"] == [user.id]
        reply = say(client, "It's too expensive for me right now", next(sid))
        assert words.text("why_not_buy", "thanks") in reply
        [why] = store_of(container).feedback.values()
        assert (why.kind, why.text) == ("why_not_buy", "It's too expensive for me right now")
        # The Burnout check and crisis replies never wait for a payment.
        assert words.text("burnout", "intro") in say(client, "4", next(sid))
        assert "Samaritans" in say(client, "I want to end my life", next(sid))
        say(client, "menu", next(sid))
        now = int(time.time())
        stripe.subscriptions["sub_1"] = subscription_object("sub_1", "active", now + 30 * DAY)
        assert stripe_post(client, checkout_completed(ref=user.id)).status_code == 200
        assert REFLECT_FIRST in say(client, "2", next(sid))
        assert "billing.stripe.com" in say(client, "subscription", next(sid))
        # Canceled, and its period ended yesterday: access has ended.
        ended = subscription_event("customer.subscription.deleted", "canceled", now - DAY,
                                   now + 5)
        assert stripe_post(client, ended).status_code == 200
        say(client, "menu", next(sid))
        assert "checkout.stripe.com" in say(client, "2", next(sid))
    assert all(m.body for m in store_of(container).messages.values()
               if m.direction is Direction.OUTBOUND)
