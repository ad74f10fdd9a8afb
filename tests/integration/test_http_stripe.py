"""POST /webhooks/stripe through the real Litestar app, with events signed by the Stripe SDK
and the Stripe adapter talking to a fake Stripe API on loopback."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from injector import Injector
from litestar import Litestar
from litestar.testing import TestClient
from pydantic import SecretStr

from bobby_core.model import User, UserId
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.subscriptions.paywall import Paywall
from bobby_http.app import create_app
from bobby_main.container import InMemoryModule, build_container
from tests.integration.fake_stripe import API_KEY, FakeStripe, subscription_object
from tests.integration.http_support import PHONE, is_problem, settings, store_of
from tests.integration.stripe_signing import (
    SECRET,
    checkout_completed,
    event,
    invoice_event,
    signed,
    subscription_event,
)

pytestmark = pytest.mark.integration
PATH = "/webhooks/stripe"
DAY = 86400


@pytest.fixture
def fake() -> Iterator[FakeStripe]:
    server = FakeStripe().start()
    yield server
    server.stop()


def wire(fake: FakeStripe, **values: Any) -> tuple[Litestar, Injector]:
    container = build_container(settings(
        stripe_api_key=SecretStr(API_KEY), stripe_webhook_secret=SecretStr(SECRET),
        stripe_api_base=fake.base_url, stripe_price_id="price_1", **values), InMemoryModule())
    return create_app(container), container


async def add_user(container: Injector, user_id: str = "u1", phone: str = PHONE) -> None:
    async with container.get(UnitOfWorkFactory)() as work:
        await work.users.add(User(id=UserId(user_id), phone=phone,
                                  created_at=datetime.now(UTC)))
        await work.commit()


def may_reflect(container: Injector, user_id: str = "u1", at: datetime | None = None) -> bool:
    subs = [s for s in store_of(container).subscriptions.values() if s.user_id == user_id]
    return container.get(Paywall).may_start("reflect", subs, at or datetime.now(UTC))


def post(client: TestClient[Litestar], payload: str, header: str | None = "sign") -> Any:
    headers = {"Content-Type": "application/json"}
    if header == "sign":
        headers["Stripe-Signature"] = signed(payload)
    elif header is not None:
        headers["Stripe-Signature"] = header
    return client.post(PATH, content=payload, headers=headers)


async def test_a_signed_checkout_for_the_users_phone_opens_the_paywall_and_a_deletion_closes_it(
        fake: FakeStripe) -> None:
    app, container = wire(fake)
    await add_user(container)
    now = int(time.time())
    fake.subscriptions["sub_1"] = subscription_object("sub_1", "active", now + 30 * DAY)
    assert not may_reflect(container)
    with TestClient(app) as client:
        response = post(client, checkout_completed(phone="+44 7700 900123"))
        assert response.status_code == 200, response.text
        assert response.json()["outcome"] == "applied"
        assert may_reflect(container)
        assert container.get(Paywall).may_start("burnout", [], datetime.now(UTC))
        # Canceled at once: access lasts to the period end, then ends.
        ended = subscription_event("customer.subscription.deleted", "canceled", now + 30 * DAY,
                                   now + 5)
        assert post(client, ended).json()["outcome"] == "applied"
        assert may_reflect(container)
        assert not may_reflect(container, at=datetime.now(UTC) + timedelta(days=31))
    [sub] = store_of(container).subscriptions.values()
    assert (sub.user_id, sub.status.value, sub.customer_id) == ("u1", "canceled", "cus_1")


async def test_our_reference_wins_over_the_phone(fake: FakeStripe) -> None:
    app, container = wire(fake)
    await add_user(container, "u1", PHONE)
    await add_user(container, "u2", "+447700900999")
    fake.subscriptions["sub_1"] = subscription_object("sub_1", "trialing", int(time.time()) + DAY)
    with TestClient(app) as client:
        post(client, checkout_completed(ref="u2", phone=PHONE))
    assert may_reflect(container, "u2")
    assert not may_reflect(container, "u1")


@pytest.mark.parametrize("case", ["forged", "stale", "garbage", "missing", "other_secret"])
def test_forged_stale_and_garbage_signatures_get_400_and_change_nothing(fake: FakeStripe,
                                                                       case: str) -> None:
    app, container = wire(fake)
    payload = checkout_completed(ref="u1")
    header = {"forged": "t=1,v1=" + "a" * 64, "stale": signed(payload, at=int(time.time()) - 400),
              "garbage": "\x00not-a-header", "missing": None,
              "other_secret": signed(payload, "whsec_other")}[case]
    with TestClient(app) as client:
        response = post(client, payload, header)
    assert is_problem(response, 400, "stripe webhook rejected"), response.text
    assert store_of(container).processed_events == {}
    assert fake.requests == []


def test_a_signed_body_that_is_not_an_event_gets_400(fake: FakeStripe) -> None:
    app, _ = wire(fake)
    with TestClient(app) as client:
        assert is_problem(post(client, '{"id": "evt_1"}'), 400)
        assert is_problem(post(client, "[1, 2"), 400)


def test_other_event_types_get_200_and_are_ignored(fake: FakeStripe) -> None:
    app, container = wire(fake)
    with TestClient(app) as client:
        response = post(client, event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert (response.status_code, response.json()["outcome"]) == (200, "ignored")
    assert store_of(container).subscriptions == {}


async def test_a_redelivered_event_is_acknowledged_once(fake: FakeStripe) -> None:
    app, container = wire(fake)
    await add_user(container)
    fake.subscriptions["sub_1"] = subscription_object("sub_1", "active", int(time.time()) + DAY)
    payload = checkout_completed(ref="u1")
    with TestClient(app) as client:
        assert post(client, payload).json()["outcome"] == "applied"
        assert post(client, payload).json()["outcome"] == "duplicate"
    assert len([r for r in fake.requests if r[0] == "GET"]) == 2  # fetched, but applied once


async def test_stripe_down_gives_503_so_that_stripe_retries_and_the_retry_is_applied(
        fake: FakeStripe) -> None:
    app, container = wire(fake)
    await add_user(container)
    fake.subscriptions["sub_1"] = subscription_object("sub_1", "active", int(time.time()) + DAY)
    fake.fail_next = [500, 500, 500]
    payload = checkout_completed(ref="u1")
    with TestClient(app) as client:
        assert is_problem(post(client, payload), 503, "stripe")
        assert store_of(container).processed_events == {}
        assert post(client, payload).json()["outcome"] == "applied"
    assert may_reflect(container)


def test_without_stripe_configured_the_webhook_refuses_everything() -> None:
    container = build_container(settings(), InMemoryModule())
    payload = checkout_completed(ref="u1")
    with TestClient(create_app(container)) as client:
        assert is_problem(post(client, payload), 400, "not configured")


async def test_any_order_of_a_subscriptions_events_through_the_webhook_ends_the_same(
        fake: FakeStripe) -> None:
    now = int(time.time())
    end1, end2 = now + 30 * DAY, now + 60 * DAY
    life = [
        subscription_event("customer.subscription.created", "incomplete", end1, now - 100),
        invoice_event(True, end1, now - 99),
        subscription_event("customer.subscription.updated", "active", end1, now - 99),
        invoice_event(False, end2, now - 50),
        subscription_event("customer.subscription.updated", "past_due", end2, now - 50),
        subscription_event("customer.subscription.deleted", "canceled", end2, now - 10),
    ]
    finals = set()
    orders = [life, life[::-1], *(random.Random(seed).sample(life, len(life)) for seed in range(4))]
    for order in orders:
        app, container = wire(fake)
        await add_user(container)
        with TestClient(app) as client:
            # The subscription's metadata does not name the user: a checkout links it.
            post(client, checkout_completed(ref="u1"))
            for payload in [*order, order[0]]:
                assert post(client, payload).status_code == 200
        [sub] = store_of(container).subscriptions.values()
        finals.add((sub.status, sub.period_end, sub.user_id))
    assert finals == {(store_of(container).subscriptions["sub_1"].status,
                       datetime.fromtimestamp(end2, tz=UTC), "u1")}
    assert next(iter(finals))[0].value == "canceled"
