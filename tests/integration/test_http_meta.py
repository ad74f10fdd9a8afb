"""Meta's Cloud API webhook through the real app: the subscription handshake, notifications
carrying several entries, messages and statuses, every kind of message a user can send, users
known without a phone number, and the identity changes Meta reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from injector import Injector
from litestar import Litestar
from litestar.testing import TestClient

from bobby_core.engine.flow import FlowRegistry
from bobby_core.model import DeliveryStatus, Direction, Message, User
from bobby_http.app import create_app
from bobby_main.asgi import lifespan_for
from bobby_main.container import InMemoryModule, build_container
from bobby_main.settings import Settings
from tests import flow_words as words
from tests.integration import fake_graph as graph
from tests.integration.http_support import PUBLIC, inbound, is_problem, store_of
from tests.integration.messaging_providers import BSUID, VERIFY_TOKEN, MetaProvider
from tests.integration.pipeline_support import wait_for_replies

pytestmark = pytest.mark.integration
WA_ID = "447700900123"


@pytest.fixture
def meta() -> Iterator[MetaProvider]:
    provider = MetaProvider()
    yield provider
    provider.stop()


@pytest.fixture
def wired(meta: MetaProvider) -> tuple[Litestar, Injector]:
    container = build_container(
        Settings(_env_file=None, public_base_url=PUBLIC, **meta.settings()), InMemoryModule())
    return create_app(container, lifespan=[lifespan_for(container, worker=True)]), container


def post(client: TestClient[Litestar], meta: MetaProvider, notification: dict[str, Any]) -> Any:
    raw = json.dumps(notification).encode()
    return client.post("/webhooks/meta", content=raw, headers={
        "Content-Type": "application/json", "X-Hub-Signature-256": meta.fake.sign(raw)})


def users(container: Injector) -> list[User]:
    return list(store_of(container).users.values())


def inbound_rows(container: Injector) -> list[Message]:
    return [m for m in store_of(container).messages.values() if m.direction is Direction.INBOUND]


def test_the_handshake_echoes_the_challenge_only_for_our_verify_token(
        wired: tuple[Litestar, Injector]) -> None:
    app, _ = wired
    with TestClient(app) as client:
        good = client.get("/webhooks/meta", params={
            "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"})
        assert (good.status_code, good.text) == (200, "1158201444")
        assert good.headers["content-type"].startswith("text/plain")
        for params in ({"hub.mode": "subscribe", "hub.verify_token": "guess",
                        "hub.challenge": "1"},
                       {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN,
                        "hub.challenge": "1"}, {}):
            assert is_problem(client.get("/webhooks/meta", params=params), 403)


def test_every_message_and_status_of_one_notification_is_taken(
        meta: MetaProvider, wired: tuple[Litestar, Injector]) -> None:
    app, container = wired
    other_wa, other_user = "12125550123", "US.55501234567890"
    first, second, third = graph.wamid(1), graph.wamid(2), graph.wamid(3)
    notification = graph.notification(
        graph.value(contacts=[graph.contact(WA_ID, BSUID)], messages=[
            graph.message(first, "text", {"body": "hi"}, wa_id=WA_ID, user_id=BSUID),
            graph.message(second, "text", {"body": "hello"}, wa_id=WA_ID, user_id=BSUID)]),
        graph.value(contacts=[graph.contact(other_wa, other_user, "Ana")], messages=[
            graph.message(third, "text", {"body": "hey"}, wa_id=other_wa, user_id=other_user)]))
    notification["entry"].append(graph.notification(graph.value(
        statuses=[graph.status("wamid.unknown", "failed", wa_id=None, user_id=BSUID,
                               error_code=131026)]))["entry"][0])  # no contacts: still read
    with TestClient(app) as client:
        assert post(client, meta, notification).status_code == 200
        for message_id in (first, second, third):
            wait_for_replies(store_of(container), message_id)
    assert sorted(m.provider_message_id or "" for m in inbound_rows(container)) == sorted(
        [first, second, third])
    assert sorted((u.phone, u.provider_user_id, u.profile_name) for u in users(container)) == [
        ("+12125550123", other_user, "Ana"), ("+447700900123", BSUID, "Sam")]


def test_button_and_list_replies_read_as_their_titles_and_media_is_kindly_declined(
        meta: MetaProvider, wired: tuple[Litestar, Injector]) -> None:
    app, container = wired
    texts = container.get(FlowRegistry).texts
    kinds: list[tuple[str, dict[str, Any]]] = [
        ("text", {"body": "hi"}),
        ("interactive", {"type": "button_reply", "button_reply": {"id": "yes-1", "title": "yes"}}),
        ("interactive", {"type": "list_reply", "list_reply": {"id": "r2", "title": "2",
                                                             "description": "Reflect"}}),
        ("image", {"id": "1479537139650973", "mime_type": "image/jpeg", "sha256": "abc"}),
        ("reaction", {"message_id": graph.wamid(9), "emoji": "\U0001f44d"}),
        ("location", {"latitude": 51.5, "longitude": -0.12}),
    ]
    ids = [graph.wamid(20 + n) for n in range(len(kinds))]
    said: dict[str, str] = {}
    with TestClient(app) as client:
        for message_id, (kind, content) in zip(ids, kinds, strict=True):
            assert post(client, meta, graph.notification(graph.value(
                contacts=[graph.contact(WA_ID, BSUID)], messages=[graph.message(
                    message_id, kind, content, wa_id=WA_ID, user_id=BSUID)]))).status_code == 200
            if kind in {"text", "interactive", "image"}:
                said[message_id] = "\n".join(
                    m.body for m in wait_for_replies(store_of(container), message_id))
    rows = {m.provider_message_id: m for m in inbound_rows(container)}
    # The button's title consented, the list row's title picked Reflect.
    assert "Reply with a number" in said[ids[1]]
    assert words.text("reflect", "event") in said[ids[2]]
    assert [rows[i].body for i in ids[1:3]] == ["yes", "2"]
    assert rows[ids[3]].media_url == "1479537139650973"
    assert said[ids[3]] == texts.media_not_read
    # A reaction and a location are kept in the transcript; no turn runs, nothing is said.
    assert all(rows[i].handled_at is not None for i in ids[4:])
    assert not [m for m in store_of(container).messages.values() if m.in_reply_to in
                {rows[i].id for i in ids[4:]}]


def test_a_user_without_a_phone_number_is_kept_by_the_business_scoped_id(
        meta: MetaProvider, wired: tuple[Litestar, Injector]) -> None:
    app, container = wired
    hidden = "GB.77700088899900011122"
    with TestClient(app) as client:
        post(client, meta, graph.text_notification("hi", graph.wamid(1), wa_id=None,
                                                   user_id=hidden))
        replies = wait_for_replies(store_of(container), graph.wamid(1))
    [user] = users(container)
    assert (user.phone, user.provider_user_id, user.time_zone) == (
        None, hidden, "Europe/London")  # the zone from the id's country
    assert {m.status for m in replies} == {DeliveryStatus.SENT}
    assert {s.to for s in meta.sent()} == {hidden}  # addressed with `recipient`


def test_identity_changes_move_the_user_to_the_new_number_and_id(
        meta: MetaProvider, wired: tuple[Litestar, Injector]) -> None:
    app, container = wired
    new_wa, new_id, newest_id = "447700900999", "GB.22200088899900011122", "GB.333"
    with TestClient(app) as client:
        post(client, meta, graph.text_notification("hi", graph.wamid(1), wa_id=WA_ID,
                                                   user_id=BSUID))
        wait_for_replies(store_of(container), graph.wamid(1))
        assert post(client, meta, graph.system_notification(
            graph.wamid(2), "user_changed_number", old_wa_id=WA_ID, old_user_id=BSUID,
            new_wa_id=new_wa, new_user_id=new_id)).status_code == 200
        [moved] = users(container)
        assert (moved.phone, moved.provider_user_id) == ("+447700900999", new_id)
        assert post(client, meta, graph.system_notification(
            graph.wamid(3), "user_changed_user_id", old_wa_id=None, old_user_id=new_id,
            new_user_id=newest_id)).status_code == 200
        post(client, meta, graph.text_notification("yes", graph.wamid(4), wa_id=new_wa,
                                                   user_id=newest_id))
        wait_for_replies(store_of(container), graph.wamid(4))
    [same] = users(container)
    assert (same.id, same.phone, same.provider_user_id) == (moved.id, "+447700900999", newest_id)
    assert same.may_store  # the "yes" answered the consent question asked before the change


def test_a_twilio_user_who_moves_to_meta_is_the_same_user(
        meta: MetaProvider, wired: tuple[Litestar, Injector]) -> None:
    app, container = wired
    with TestClient(app) as client:
        post(client, meta, graph.text_notification("hi", graph.wamid(1), wa_id=WA_ID,
                                                   user_id=WA_ID))  # before Meta's user ids
        wait_for_replies(store_of(container), graph.wamid(1))
        post(client, meta, graph.text_notification("yes", graph.wamid(2), wa_id=WA_ID,
                                                   user_id=BSUID))
        wait_for_replies(store_of(container), graph.wamid(2))
    [user] = users(container)
    assert (user.phone, user.provider_user_id, user.may_store) == ("+447700900123", BSUID, True)


def test_forged_and_malformed_notifications_store_nothing(
        meta: MetaProvider, wired: tuple[Litestar, Injector]) -> None:
    app, container = wired
    raw = json.dumps(graph.text_notification("hi", graph.wamid(1))).encode()
    with TestClient(app) as client:
        headers = {"Content-Type": "application/json"}
        assert is_problem(client.post("/webhooks/meta", content=raw, headers=headers), 403)
        wrong = {**headers, "X-Hub-Signature-256": "sha256=" + meta.fake.sign(b"other")[7:]}
        assert is_problem(client.post("/webhooks/meta", content=raw, headers=wrong), 403)
        tampered = raw.replace(b'"hi"', b'"yo"')
        signed = {**headers, "X-Hub-Signature-256": meta.fake.sign(raw)}
        assert is_problem(client.post("/webhooks/meta", content=tampered, headers=signed), 403)
        malformed = b'{"object": "page", "entry": []}'
        bad = {**headers, "X-Hub-Signature-256": meta.fake.sign(malformed)}
        assert is_problem(client.post("/webhooks/meta", content=malformed, headers=bad), 400)
    assert (store_of(container).users, store_of(container).messages) == ({}, {})


def test_with_meta_twilios_routes_refuse_unsigned_posts(wired: tuple[Litestar, Injector]) -> None:
    app, container = wired
    form = inbound("hi", "SM" + "a" * 32)
    with TestClient(app) as client:
        response = client.post("/webhooks/twilio/messages", data=form)
    assert is_problem(response, 403)
    assert store_of(container).users == {}


def test_with_twilio_the_meta_route_refuses_everything(meta: MetaProvider) -> None:
    container = build_container(Settings(_env_file=None, public_base_url=PUBLIC,
                                         twilio_auth_token="t0ken"), InMemoryModule())
    app = create_app(container)
    raw = json.dumps(graph.text_notification("hi", graph.wamid(1))).encode()
    with TestClient(app) as client:
        assert is_problem(client.post("/webhooks/meta", content=raw, headers={
            "Content-Type": "application/json",
            "X-Hub-Signature-256": meta.fake.sign(raw)}), 403)
        assert is_problem(client.get("/webhooks/meta", params={
            "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
            "hub.challenge": "1"}), 403)
