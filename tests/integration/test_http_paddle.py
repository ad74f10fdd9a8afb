"""POST /webhooks/paddle through the real Litestar app with PAYMENTS_PROVIDER=paddle: the
Paddle adapter talks to a fake Paddle API on loopback, notifications are signed with the SDK's
HMAC helper."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from injector import Injector
from litestar import Litestar
from litestar.testing import TestClient

from bobby_core.model import User, UserId
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.subscriptions.paywall import Paywall
from bobby_http.app import create_app
from bobby_main.container import InMemoryModule, build_container
from tests.integration.billing_providers import PaddleProvider
from tests.integration.fake_paddle import CUSTOMER_ID, customer_entity, subscription_entity
from tests.integration.http_support import PHONE, is_problem, settings, store_of
from tests.integration.paddle_signing import event, signed, subscription_event, transaction_event

pytestmark = pytest.mark.integration
PATH = "/webhooks/paddle"
SUB = PaddleProvider.SUB


@pytest.fixture
def paddle() -> Iterator[PaddleProvider]:
    provider = PaddleProvider()
    yield provider
    provider.stop()


def wire(paddle: PaddleProvider) -> tuple[Litestar, Injector]:
    container = build_container(settings(**paddle.settings()), InMemoryModule())
    return create_app(container), container


async def add_user(container: Injector) -> None:
    async with container.get(UnitOfWorkFactory)() as work:
        await work.users.add(User(id=UserId("u1"), phone=PHONE, created_at=datetime.now(UTC)))
        await work.commit()


def may_reflect(container: Injector, at: datetime | None = None) -> bool:
    subs = [s for s in store_of(container).subscriptions.values() if s.user_id == "u1"]
    return container.get(Paywall).may_start("reflect", subs, at or datetime.now(UTC))


def post(client: TestClient[Litestar], payload: str, header: str | None = "sign") -> Any:
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["Paddle-Signature"] = signed(payload) if header == "sign" else header
    return client.post(PATH, content=payload, headers=headers)


def completed(now: datetime) -> str:
    return transaction_event("transaction.completed", now, sub_id=SUB, starts=now,
                             ends=now + timedelta(days=30), user_ref="u1")


async def test_signed_notifications_give_access_and_a_cancellation_at_period_end_ends_it(
        paddle: PaddleProvider) -> None:
    app, container = wire(paddle)
    await add_user(container)
    now = datetime.now(UTC)
    end = now + timedelta(days=30)
    paddle.fake.subscriptions[SUB] = subscription_entity(SUB, "active", starts=now, ends=end,
                                                         updated=now, user_ref="u1")
    with TestClient(app) as client:
        response = post(client, completed(now))
        assert (response.status_code, response.json()["outcome"]) == (200, "applied")
        assert may_reflect(container)
        ended = subscription_event("subscription.canceled", SUB, "canceled", end,
                                   canceled_at=end, user_ref="u1")
        assert post(client, ended).json()["outcome"] == "applied"
        assert may_reflect(container)
        assert not may_reflect(container, end + timedelta(seconds=1))
    [sub] = store_of(container).subscriptions.values()
    assert (sub.id, sub.status.value, sub.customer_id, sub.user_id) == (SUB, "canceled",
                                                                        CUSTOMER_ID, "u1")


@pytest.mark.parametrize("case", ["forged", "stale", "garbage", "missing", "other_secret"])
def test_forged_stale_and_garbage_signatures_get_400_and_change_nothing(
        paddle: PaddleProvider, case: str) -> None:
    app, container = wire(paddle)
    payload = completed(datetime.now(UTC))
    now = int(time.time())
    header = {"forged": f"ts={now};h1=" + "a" * 64, "stale": signed(payload, at=now - 400),
              "garbage": "\x00not-a-header", "missing": None,
              "other_secret": signed(payload, "pdl_ntfset_other")}[case]
    with TestClient(app) as client:
        response = post(client, payload, header)
    assert is_problem(response, 400, "paddle webhook rejected"), response.text
    assert store_of(container).processed_events == {}
    assert paddle.fake.requests == []


def test_other_notifications_get_200_and_are_ignored(paddle: PaddleProvider) -> None:
    app, container = wire(paddle)
    with TestClient(app) as client:
        response = post(client, event("customer.created", customer_entity(), datetime.now(UTC)))
    assert (response.status_code, response.json()["outcome"]) == (200, "ignored")
    assert store_of(container).subscriptions == {}


async def test_a_redelivered_notification_is_applied_once_and_paddle_down_is_a_503(
        paddle: PaddleProvider) -> None:
    app, container = wire(paddle)
    await add_user(container)
    now = datetime.now(UTC)
    paddle.fake.subscriptions[SUB] = subscription_entity(SUB, "active", starts=now,
                                                         ends=now + timedelta(days=30),
                                                         updated=now)
    payload = completed(now)
    with TestClient(app) as client:
        paddle.fake.fail_next = [500, 500, 500]  # the SDK's retries too
        assert is_problem(post(client, payload), 503, "paddle")
        assert store_of(container).processed_events == {}
        assert post(client, payload).json()["outcome"] == "applied"
        assert post(client, payload).json()["outcome"] == "duplicate"
    assert may_reflect(container)


def test_the_stripe_route_refuses_everything_while_paddle_is_the_provider(
        paddle: PaddleProvider) -> None:
    app, container = wire(paddle)
    payload = completed(datetime.now(UTC))
    with TestClient(app) as client:
        response = client.post("/webhooks/stripe", content=payload,
                               headers={"Stripe-Signature": signed(payload)})
    assert is_problem(response, 400)
    assert store_of(container).processed_events == {}
