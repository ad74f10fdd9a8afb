"""Delivery status callbacks, probes, OpenAPI, the dev chat endpoint and production start-up."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from injector import Module, provider, singleton
from litestar.testing import TestClient
from openai import AsyncOpenAI

from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_core.model import DeliveryStatus, Direction, Message, MessageId, UserId
from bobby_core.ports import UnitOfWork, UnitOfWorkFactory
from bobby_http.app import create_app as create_http_app
from bobby_http.config import StartupError
from bobby_main.asgi import lifespan_for
from bobby_main.container import InMemoryModule, build_container
from tests.integration.http_support import (
    is_problem,
    post_form,
    sent_by,
    settings,
    store_of,
    wire,
)

pytestmark = pytest.mark.integration
STATUS = "/webhooks/twilio/status"
SENT_SID = "SM" + "a" * 32


def with_sent_message(container: object) -> None:
    store = store_of(container)  # type: ignore[arg-type]
    store.messages["m1"] = Message(
        id=MessageId("m1"), user_id=UserId("u1"), direction=Direction.OUTBOUND, body="nudge",
        created_at=datetime(2026, 1, 1, tzinfo=UTC), provider_message_id=SENT_SID,
        status=DeliveryStatus.QUEUED)


def status(sid: str, value: str, **extra: str) -> dict[str, str]:
    return {"MessageSid": sid, "MessageStatus": value, "AccountSid": "AC" + "1" * 32,
            "ChannelPrefix": "whatsapp", **extra}


def test_delivery_status_is_recorded_and_never_moves_back() -> None:
    app, container = wire()
    with_sent_message(container)
    with TestClient(app) as client:
        assert post_form(client, STATUS, status(SENT_SID, "delivered")).status_code == 204
        assert post_form(client, STATUS, status(SENT_SID, "sent")).status_code == 204
    assert store_of(container).messages["m1"].status is DeliveryStatus.DELIVERED
    with TestClient(app) as client:
        post_form(client, STATUS, status(SENT_SID, "undelivered", ErrorCode="63016"))
    row = store_of(container).messages["m1"]
    assert (row.status, row.error_code) == (DeliveryStatus.UNDELIVERED, "63016")


def test_status_for_an_unknown_sid_is_acknowledged_and_stores_nothing() -> None:
    app, container = wire()
    with TestClient(app) as client:
        response = post_form(client, STATUS, status("SM" + "b" * 32, "delivered"))
    assert response.status_code == 204
    assert store_of(container).messages == {}


def test_status_callbacks_are_signature_checked_and_validated() -> None:
    app, container = wire()
    with_sent_message(container)
    with TestClient(app) as client:
        forged = post_form(client, STATUS, status(SENT_SID, "failed"), signature="Zm9yZ2Vk")
        odd = post_form(client, STATUS, status(SENT_SID, "teleported"))
    assert is_problem(forged, 403)
    assert is_problem(odd, 400, "MessageStatus")
    assert store_of(container).messages["m1"].status is DeliveryStatus.QUEUED


def test_health_ready_and_openapi() -> None:
    app, _ = wire()
    with TestClient(app) as client:
        assert client.get("/health").json() == {"status": "ok"}
        assert client.get("/ready").json() == {"status": "ok", "database": "ok"}
        paths = client.get("/schema/openapi.json").json()["paths"]
    assert {"/webhooks/twilio/messages", "/webhooks/twilio/status", "/health", "/ready",
            "/studio/steps/{flow}/{step}"} <= set(paths)


class BrokenUnitOfWorkFactory:
    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[UnitOfWork]:
        raise ConnectionRefusedError("database down")
        yield  # pragma: no cover


class BrokenDatabase(Module):
    @singleton
    @provider
    def uow(self) -> UnitOfWorkFactory:
        return BrokenUnitOfWorkFactory()


def test_ready_is_a_503_problem_when_the_database_fails_and_health_stays_ok() -> None:
    app, _ = wire(None, None, "dev", BrokenDatabase())
    with TestClient(app) as client:
        assert is_problem(client.get("/ready"), 503, "database")
        assert client.get("/health").status_code == 200


def test_unknown_paths_and_methods_are_problems_too() -> None:
    app, _ = wire()
    with TestClient(app) as client:
        assert is_problem(client.get("/nope"), 404)
        assert is_problem(client.get("/webhooks/twilio/messages"), 405)


def _chat_replies(client: TestClient[Any], phone: str, after: str) -> list[dict[str, Any]]:
    """Poll the conversation as the page does until replies follow message `after`."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = client.get("/chat/messages", params={"phone": phone}).json()["messages"]
        ids = [line["id"] for line in lines]
        # A message sent before consent is not listed once its turn has run (nothing of it
        # was kept): then every reply is one of its.
        later = (lines[ids.index(after) + 1:] if after in ids
                 else [line for line in lines if line["direction"] == "outbound"])
        if later:
            return later
        time.sleep(0.05)
    raise AssertionError("the chat got no reply")


def test_the_dev_chat_answers_a_fictional_number_and_refuses_a_real_one() -> None:
    app, container = wire()
    with TestClient(app) as client:
        page = client.get("/chat")
        home = client.get("/", follow_redirects=False)
        ok = client.post("/chat/messages", json={"phone": "+12025550142", "text": "hi"})
        replies = _chat_replies(client, "+12025550142", ok.json()["message_id"])
        real = client.post("/chat/messages", json={"phone": "+447911123456", "text": "hi"})
        empty = client.post("/chat/messages", json={"phone": "+12025550142", "text": ""})
        peek = client.get("/chat/messages", params={"phone": "+447911123456"})
    assert page.headers["content-type"].startswith("text/html")
    assert "/chat/messages" in page.text
    assert home.status_code in (301, 302, 307, 308)
    assert home.headers["location"] == "/chat"
    assert ok.status_code == 202
    assert "automated well-being companion" in replies[0]["body"]
    assert all(line["direction"] == "outbound" for line in replies)
    assert is_problem(real, 400, "phone")
    assert is_problem(empty, 400, "text")
    assert is_problem(peek, 400, "phone")
    assert [u.phone for u in store_of(container).users.values()] == ["+12025550142"]
    # The web chat's replies are read back by the page; nothing went to the messenger.
    assert sent_by(container).sent == []


def test_production_hides_the_chat_and_refuses_to_start_without_a_twilio_token() -> None:
    app, _ = wire(env="production")
    with TestClient(app) as client:
        assert client.get("/chat").status_code == 404
        assert client.post("/chat/messages", json={"phone": "+12025550142", "text": "hi"}
                           ).status_code == 404
    with pytest.raises(StartupError, match="TWILIO_AUTH_TOKEN"):
        wire(None, None, "production")


def test_without_a_token_in_dev_unsigned_webhooks_are_served() -> None:
    app, _ = wire(None, None)
    with TestClient(app) as client:
        response = post_form(client, STATUS, status("SM" + "c" * 32, "read"), signature=None)
    assert response.status_code == 204


class DisposableUnitOfWorkFactory(InMemoryUnitOfWorkFactory):
    disposed = False

    async def dispose(self) -> None:
        self.disposed = True


def test_the_lifespan_disposes_the_storage_engine_at_shutdown() -> None:
    factory = DisposableUnitOfWorkFactory()

    class Disposable(Module):
        @singleton
        @provider
        def uow(self) -> UnitOfWorkFactory:
            return factory

    container = build_container(settings(), Disposable())
    app = create_http_app(container, lifespan=[lifespan_for(container, worker=True)])
    with TestClient(app) as client:
        assert client.get("/ready").status_code == 200
        assert not factory.disposed
    assert factory.disposed


def test_the_lifespan_closes_the_openai_client_at_shutdown() -> None:
    container = build_container(settings(openai_api_key="sk-test"), InMemoryModule())
    app = create_http_app(container, lifespan=[lifespan_for(container, worker=True)])
    openai = container.get(AsyncOpenAI)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        assert not openai.is_closed()
    assert openai.is_closed()
