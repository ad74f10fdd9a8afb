"""The messaging contract: one body, run for every messaging provider. Each provider's real
adapter and webhook routes run in the real app, against its fake API on loopback, with
webhooks shaped as the provider documents them and signed as it signs them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from injector import Injector
from litestar import Litestar
from litestar.testing import TestClient

from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.model import (
    Channel,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    MessageTemplate,
    OutboundMessage,
    Recipient,
    User,
)
from bobby_core.ports import Clock, Messenger, TaskQueue, UnitOfWorkFactory
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesCommand
from bobby_http.app import create_app
from bobby_main.asgi import lifespan_for
from bobby_main.container import InMemoryModule, build_container
from bobby_main.settings import Settings
from tests.integration.http_support import PUBLIC, store_of
from tests.integration.messaging_providers import PHONE, PROVIDERS, Provider
from tests.integration.pipeline_support import wait_for_replies, wait_for_sends

pytestmark = pytest.mark.integration


@dataclass
class World:
    provider: Provider
    app: Litestar
    container: Injector


@pytest.fixture(params=sorted(PROVIDERS))
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    provider: Provider = PROVIDERS[request.param]()
    container = build_container(
        Settings(_env_file=None, public_base_url=PUBLIC, **provider.settings()), InMemoryModule())
    app = create_app(container, lifespan=[lifespan_for(container, worker=True)])
    yield World(provider, app, container)
    provider.stop()


def the_user(world: World) -> User:
    [user] = store_of(world.container).users.values()
    return user


def outbound(world: World) -> list[Message]:
    return [m for m in store_of(world.container).messages.values()
            if m.direction is Direction.OUTBOUND]


def say(world: World, client: TestClient[Litestar], text: str, n: int) -> list[Message]:
    message_id = world.provider.message_id(n)
    response = world.provider.post_message(client, text, message_id)
    assert response.status_code == 200, response.text
    return wait_for_replies(store_of(world.container), message_id)


def test_an_inbound_message_reaches_the_inbox_and_its_replies_go_back_to_the_user(
        world: World) -> None:
    with TestClient(world.app) as client:
        replies = say(world, client, "hi", 1)
    [inbound] = [m for m in store_of(world.container).messages.values()
                 if m.direction is Direction.INBOUND]
    # Its text was blanked once its turn ran: the user has not consented to storage yet.
    assert (inbound.provider_message_id, inbound.handled_at is not None) == (
        world.provider.message_id(1), True)
    assert the_user(world).phone == PHONE
    sent = world.provider.sent()
    assert [s.body for s in sent] == [r.body for r in replies]
    assert {s.to for s in sent} == {PHONE}
    assert [r.provider_message_id for r in replies] == [s.provider_id for s in sent]
    assert {r.status for r in replies} == {DeliveryStatus.SENT}


def test_a_message_delivered_twice_is_stored_and_answered_once(world: World) -> None:
    with TestClient(world.app) as client:
        say(world, client, "hi", 1)
        again = world.provider.post_message(client, "hi", world.provider.message_id(1))
        assert again.status_code == 200
        wait_for_replies(store_of(world.container), world.provider.message_id(1))
    inbound = [m for m in store_of(world.container).messages.values()
               if m.direction is Direction.INBOUND]
    assert len(inbound) == 1
    assert len(world.provider.sent()) == len(outbound(world))


def test_a_forged_signature_gets_403_and_stores_nothing(world: World) -> None:
    with TestClient(world.app) as client:
        response = world.provider.post_message(client, "hi", world.provider.message_id(1),
                                               signed=False)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    store = store_of(world.container)
    assert (store.users, store.messages) == ({}, {})
    assert world.provider.sent() == []


async def test_text_media_and_a_template_go_out_as_the_provider_takes_them(world: World) -> None:
    messenger = world.container.get(Messenger)
    to = Recipient(phone=PHONE)
    template = MessageTemplate(name="bobby_reminder", language="en_GB",
                               variables={"1": "Sam", "2": "Reflect"})
    ids = [await messenger.send(OutboundMessage(reference=MessageId("m1"), to=to, body="Hello")),
           await messenger.send(OutboundMessage(reference=MessageId("m2"), to=to, body="Chart",
                                                media_url="https://bobby.example/c.png")),
           await messenger.send(OutboundMessage(reference=MessageId("m3"), to=to, body="",
                                                template=template))]
    sent = world.provider.sent()
    assert [(s.to, s.body, s.media_url, s.template is not None) for s in sent] == [
        (PHONE, "Hello", None, False), (PHONE, "Chart", "https://bobby.example/c.png", False),
        (PHONE, "", None, True)]
    assert ids == [s.provider_id for s in sent]


def test_status_reports_move_a_reply_forward_and_a_failure_keeps_its_code(world: World) -> None:
    with TestClient(world.app) as client:
        first, *rest = say(world, client, "hi", 1)
        assert first.provider_message_id is not None
        for state in ("delivered", "read", "sent"):  # a late "sent" never moves it back
            answer = world.provider.post_status(client, first.provider_message_id, state, first.id)
            assert answer.status_code < 300
        last = rest[-1]
        assert last.provider_message_id is not None
        code = "131026" if world.provider.name == "meta" else "63024"
        world.provider.post_status(client, last.provider_message_id, "failed", last.id, code)
    store = store_of(world.container)
    assert store.messages[first.id].status is DeliveryStatus.READ
    assert (store.messages[last.id].status, store.messages[last.id].error_code) == (
        DeliveryStatus.FAILED, code)


def test_a_rate_limited_reply_is_retried_and_sent_once(world: World) -> None:
    world.provider.rate_limit_next(1)
    with TestClient(world.app) as client:
        replies = say(world, client, "hi", 1)  # the retry waits for the queue's back-off
    assert {r.status for r in replies} == {DeliveryStatus.SENT}
    assert [s.body for s in world.provider.sent()] == [r.body for r in replies]


async def test_outside_the_window_a_reply_fails_and_a_reminder_goes_as_its_template(
        world: World) -> None:
    with TestClient(world.app) as client:
        say(world, client, "hi", 1)
    user, clock = the_user(world), world.container.get(Clock)
    template = MessageTemplate(name="bobby_reminder", language="en_GB",
                               variables={"1": "Sam", "2": "Reflect"})
    deliver = DeliverReplies(world.container.get(UnitOfWorkFactory), clock,
                             world.container.get(Messenger), world.container.get(TaskQueue),
                             world.container.get(ReplyArtefacts), retry_delays=())
    outcomes = []
    for n, carried in enumerate((None, template)):
        world.provider.close_window()
        row = Message(id=MessageId(f"late-{n}"), user_id=user.id, direction=Direction.OUTBOUND,
                      body="Here's the reminder you asked for.", created_at=clock.now(),
                      status=DeliveryStatus.QUEUED, channel=Channel.WHATSAPP, template=carried)
        async with world.container.get(UnitOfWorkFactory)() as uow:
            await uow.outbox.add([row])
            await uow.commit()
        await deliver.execute(DeliverRepliesCommand(user_id=user.id))
        stored = store_of(world.container).messages[row.id]
        outcomes.append((stored.status, stored.error_code))
    assert outcomes == [(DeliveryStatus.FAILED, world.provider.window_code),
                        (DeliveryStatus.SENT, None)]
    assert world.provider.sent()[-1].template is not None


async def test_the_typing_indicator_reaches_the_users_message(world: World) -> None:
    with TestClient(world.app) as client:
        say(world, client, "hi", 1)
    await world.container.get(Messenger).show_typing(world.provider.message_id(1))
    assert world.provider.typing() == [world.provider.message_id(1)]


def test_the_settings_alone_choose_the_provider(world: World) -> None:
    assert type(world.container.get(Messenger)).__name__.lower().startswith(
        world.provider.name)


async def test_a_window_refusal_in_a_status_report_sends_the_reminder_as_its_template(
        world: World) -> None:
    with TestClient(world.app) as client:
        say(world, client, "hi", 1)
        user, clock = the_user(world), world.container.get(Clock)
        row = Message(id=MessageId("reminder-1"), user_id=user.id, direction=Direction.OUTBOUND,
                      body="Here's the reminder you asked for.", created_at=clock.now(),
                      status=DeliveryStatus.QUEUED, channel=Channel.WHATSAPP,
                      template=MessageTemplate(name="bobby_reminder", language="en_GB",
                                               variables={"1": "Sam", "2": "Reflect"}))
        async with world.container.get(UnitOfWorkFactory)() as uow:
            await uow.outbox.add([row])
            await uow.commit()
        store = store_of(world.container)
        await world.container.get(DeliverReplies).execute(DeliverRepliesCommand(user_id=user.id))
        as_text = store.messages[row.id].provider_message_id
        assert as_text is not None
        assert world.provider.sent()[-1].template is None
        # The provider took the text, then reports that the window had closed.
        world.provider.post_status(client, as_text, "failed", row.id, world.provider.window_code)
        wait_for_sends(store, [store.messages[row.id]])
    again = store.messages[row.id]
    assert again.status is DeliveryStatus.SENT
    assert again.provider_message_id == world.provider.sent()[-1].provider_id != as_text
    assert world.provider.sent()[-1].template is not None
