"""Shared helpers for the HTTP tests: an app wired in memory, Twilio-style signing, TwiML reading."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

from injector import Injector, Module, provider, singleton
from litestar import Litestar
from litestar.testing import TestClient
from twilio.request_validator import RequestValidator

from bobby_adapters.fakes import FakeMessenger
from bobby_adapters.memory import InMemoryStore, InMemoryUnitOfWorkFactory
from bobby_core.engine.checks import checked_registry
from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.engine.steps import Ask
from bobby_core.flows import all_actions, shipped_flows
from bobby_core.model import Message
from bobby_core.ports import Messenger, UnitOfWorkFactory
from bobby_http.app import create_app
from bobby_main.asgi import lifespan_for
from bobby_main.container import InMemoryModule, build_container
from bobby_main.settings import Settings
from tests.integration.pipeline_support import RecordingMessengerModule, wait_for_replies

TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC = "https://bobby-dev.ngrok.example"
PHONE = "+447700900123"
SID_PREFIX = "SM" + "0" * 24


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def wire(token: str | None = TOKEN, public: str | None = PUBLIC, env: str = "dev",
         *overrides: Module, **values: Any) -> tuple[Litestar, Injector]:
    """The app with its worker (the lifespan runs it while a TestClient is open), in memory
    whatever the default storage becomes, so tests can read the store directly; `values` are
    further settings."""
    container = build_container(
        settings(twilio_auth_token=token, public_base_url=public, bobby_env=env, **values),
        InMemoryModule(), RecordingMessengerModule(), *overrides)
    app = create_app(container, lifespan=[lifespan_for(container, worker=True)])
    app.state.test_container = container
    return app, container


def sent_by(container: Injector) -> FakeMessenger:
    messenger = container.get(Messenger)
    assert isinstance(messenger, FakeMessenger)
    return messenger


def store_of(container: Injector) -> InMemoryStore:
    uow = container.get(UnitOfWorkFactory)
    assert isinstance(uow, InMemoryUnitOfWorkFactory)
    return uow.store


def inbound(text: str, sid: str, phone: str = PHONE, **extra: str) -> dict[str, str]:
    return {"From": f"whatsapp:{phone}", "To": "whatsapp:+14155238886", "Body": text,
            "MessageSid": sid, "AccountSid": "AC" + "1" * 32, "WaId": phone.lstrip("+"),
            "ProfileName": "Sam", "NumMedia": "0", "SmsStatus": "received",
            "ApiVersion": "2010-04-01", **extra}


def sign(url: str, params: Mapping[str, str] | str, token: str = TOKEN) -> str:
    return str(RequestValidator(token).compute_signature(url, params))


def post_form(client: TestClient[Litestar], path: str, params: Mapping[str, str],
              signature: str | None = "sign") -> Any:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature == "sign":
        headers["X-Twilio-Signature"] = sign(PUBLIC + path, params)
    elif signature is not None:
        headers["X-Twilio-Signature"] = signature
    return client.post(path, content=urlencode(params), headers=headers)


def studio_post(client: TestClient[Litestar], path: str, body: Mapping[str, Any],
                signed: bool = True) -> Any:
    return studio_post_raw(client, path, json.dumps(body), signed)


def studio_signed(path: str, raw: str, token: str = TOKEN) -> tuple[str, dict[str, str]]:
    """The URL and headers of a Studio HTTP widget's JSON post: the body's SHA-256 in the query,
    the signature over the whole public URL (the SDK's RequestValidator, as Twilio signs)."""
    url = f"{path}?bodySHA256={hashlib.sha256(raw.encode()).hexdigest()}"
    return url, {"Content-Type": "application/json;charset=utf-8",
                 "X-Twilio-Signature": sign(PUBLIC + url, {}, token)}


def studio_post_raw(client: TestClient[Litestar], path: str, raw: str,
                    signed: bool = True) -> Any:
    url, headers = studio_signed(path, raw)
    if not signed:
        del headers["X-Twilio-Signature"]
    return client.post(url, content=raw, headers=headers)


def messages(twiml: str) -> list[str]:
    """The text of each <Message> in a TwiML answer (our own XML, from the app under test)."""
    root = ElementTree.fromstring(twiml)  # noqa: S314 - produced by the app under test
    assert root.tag == "Response"
    return [(m.text or "").strip() for m in root.findall("Message")]


def say(client: TestClient[Litestar], text: str, sid: str, phone: str = PHONE,
        signature: str | None = "sign") -> str:
    """Post a signed webhook (answered at once with an empty TwiML) and return the replies the
    worker then sent, joined."""
    return "\n".join(m.body for m in say_parts(client, text, sid, phone, signature))


def say_parts(client: TestClient[Litestar], text: str, sid: str, phone: str = PHONE,
              signature: str | None = "sign") -> list[Message]:
    response = post_form(client, "/webhooks/twilio/messages", inbound(text, sid, phone), signature)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    assert messages(response.text) == []
    container: Injector = client.app.state.test_container
    return wait_for_replies(store_of(container), sid)


def sids() -> Any:
    n = 0
    while True:
        n += 1
        yield f"{SID_PREFIX}{n:08d}"


def is_problem(response: Any, status: int, detail_pattern: str = "") -> bool:
    body = response.json()
    return (response.status_code == status
            and response.headers["content-type"].startswith("application/problem+json")
            and body["status"] == status
            and re.search(detail_pattern, body["detail"]) is not None)


class LongEventQuestion(Module):
    """Reflect asks for its event in one message of `text`, longer than one WhatsApp message
    may be (a model's reply never is: the reply guard holds back one over its limit)."""

    def __init__(self, text: str) -> None:
        self._text = text

    @singleton
    @provider
    def registry(self) -> FlowRegistry:
        def longer(flow: Flow) -> Flow:
            if flow.id != "reflect":
                return flow
            return replace(flow, steps=tuple(
                replace(s, prompt=self._text) if isinstance(s, Ask) and s.id == "event" else s
                for s in flow.steps))
        return checked_registry([longer(f) for f in shipped_flows()], all_actions())
