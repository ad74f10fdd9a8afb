"""Each messaging provider as the messaging contract drives it: its real adapter and webhook
routes, its fake API on loopback, and a user's messages written as that provider's own signed
webhooks. What the fakes received is read back in one shape, so one test body serves both."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

from litestar import Litestar
from litestar.testing import TestClient

from tests.integration import fake_graph as graph
from tests.integration.fake_graph import FakeGraph
from tests.integration.fake_twilio import OUTSIDE_WINDOW as TWILIO_OUTSIDE_WINDOW
from tests.integration.fake_twilio import RATE_LIMITED, FakeTwilio
from tests.integration.http_support import PUBLIC, inbound, sign

PHONE = "+447700900123"
ACCOUNT, TWILIO_TOKEN, SENDER = "AC" + "7" * 32, "contract-twilio-token", "+14155238886"
META_TOKEN, APP_SECRET, VERIFY_TOKEN = "EAAG-contract-token", "contract-app-secret", "verify-me"
BSUID = "GB.13491208655302741918"


@dataclass(frozen=True)
class Sent:
    """One message a fake API accepted, in one shape for every provider."""

    to: str
    body: str
    media_url: str | None
    template: str | None
    """The approved template's name or id, when it went as one."""
    provider_id: str


class Provider(Protocol):
    name: str
    window_code: str
    """The provider's error code for a free-form message outside the 24-hour window."""
    rate_limit_code: str

    def stop(self) -> None: ...
    def settings(self) -> dict[str, Any]: ...
    def message_id(self, n: int) -> str: ...
    def post_message(self, client: TestClient[Litestar], text: str, message_id: str,
                     signed: bool = True) -> Any: ...
    def post_status(self, client: TestClient[Litestar], provider_id: str, state: str,
                    reference: str, error_code: str | None = None) -> Any: ...
    def sent(self) -> list[Sent]: ...
    def typing(self) -> list[str]: ...
    def rate_limit_next(self, count: int) -> None: ...
    def close_window(self) -> None: ...


class TwilioProvider:
    name, window_code, rate_limit_code = "twilio", "63016", "20429"

    def __init__(self) -> None:
        self.fake = FakeTwilio(ACCOUNT, TWILIO_TOKEN).start()
        self._closed = False

    def stop(self) -> None:
        self.fake.stop()

    def settings(self) -> dict[str, Any]:
        return {"messaging_provider": "twilio", "twilio_account_sid": ACCOUNT,
                "twilio_auth_token": TWILIO_TOKEN, "whatsapp_number": SENDER,
                "twilio_api_base_url": self.fake.base_url,
                "twilio_reminder_content_sid": "HX" + "c" * 32}

    def message_id(self, n: int) -> str:
        return f"SM{'e' * 24}{n:08d}"  # never one the fake gives an outbound message

    def post_message(self, client: TestClient[Litestar], text: str, message_id: str,
                     signed: bool = True) -> Any:
        form = inbound(text, message_id, PHONE)
        path = "/webhooks/twilio/messages"
        signature = sign(PUBLIC + path, form, TWILIO_TOKEN) if signed else "bm90IHNpZ25lZA=="
        return client.post(path, content=urlencode(form), headers={
            "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})

    def post_status(self, client: TestClient[Litestar], provider_id: str, state: str,
                    reference: str, error_code: str | None = None) -> Any:
        form = self.fake.status_callback_form(
            provider_id, state, to=f"whatsapp:{PHONE}", from_=f"whatsapp:{SENDER}",
            error_code=int(error_code) if error_code else None)
        path = f"/webhooks/twilio/status?ref={reference}"
        return client.post(path, content=urlencode(form), headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": sign(PUBLIC + path, form, TWILIO_TOKEN)})

    def sent(self) -> list[Sent]:
        def one(form: dict[str, list[str]], n: int) -> Sent:
            return Sent(to=form["To"][0].removeprefix("whatsapp:"),
                        body=form.get("Body", [""])[0], media_url=form.get("MediaUrl", [None])[0],
                        template=form.get("ContentSid", [None])[0], provider_id=self.fake.sid_of(n))
        return [one(form, n) for n, form in enumerate(self.fake.sent, start=1)]

    def typing(self) -> list[str]:
        return [form["messageId"][0] for form in self.fake.typing]

    def rate_limit_next(self, count: int) -> None:
        self.fake.fail_next_sends(count, RATE_LIMITED)

    def close_window(self) -> None:
        # Twilio refuses free-form messages outside the window; the fake is told per send.
        self.fake.fail_next_sends(1, TWILIO_OUTSIDE_WINDOW)


class MetaProvider:
    name, window_code, rate_limit_code = "meta", "131047", "130429"

    def __init__(self) -> None:
        self.fake = FakeGraph(META_TOKEN, APP_SECRET).start()

    def stop(self) -> None:
        self.fake.stop()

    def settings(self) -> dict[str, Any]:
        return {"messaging_provider": "meta", "meta_access_token": META_TOKEN,
                "meta_phone_number_id": graph.PHONE_NUMBER_ID, "meta_app_secret": APP_SECRET,
                "meta_verify_token": VERIFY_TOKEN, "meta_api_version": graph.VERSION,
                "meta_graph_api_base": self.fake.base_url,
                "meta_reminder_template": "bobby_reminder:en_GB"}

    def message_id(self, n: int) -> str:
        return graph.wamid(10_000 + n)

    def post_message(self, client: TestClient[Litestar], text: str, message_id: str,
                     signed: bool = True) -> Any:
        raw = json.dumps(graph.text_notification(text, message_id, wa_id=PHONE.lstrip("+"),
                                                 user_id=BSUID)).encode()
        signature = self.fake.sign(raw) if signed else "sha256=" + "0" * 64
        return client.post("/webhooks/meta", content=raw, headers={
            "Content-Type": "application/json", "X-Hub-Signature-256": signature})

    def post_status(self, client: TestClient[Litestar], provider_id: str, state: str,
                    reference: str, error_code: str | None = None) -> Any:
        wa_id = PHONE.lstrip("+")
        entry = graph.status(provider_id, state, wa_id=wa_id, user_id=BSUID,
                             error_code=int(error_code) if error_code else None)
        contacts = None if state == "failed" else [graph.contact(wa_id, BSUID)]
        raw = json.dumps(graph.status_notification(entry, contacts=contacts)).encode()
        return client.post("/webhooks/meta", content=raw, headers={
            "Content-Type": "application/json", "X-Hub-Signature-256": self.fake.sign(raw)})

    def sent(self) -> list[Sent]:
        def one(body: dict[str, Any]) -> Sent:
            image = body.get("image") or {}
            return Sent(to="+" + body["to"] if "to" in body else body["recipient"],
                        body=(body.get("text") or {}).get("body", image.get("caption", "")),
                        media_url=image.get("link"),
                        template=(body.get("template") or {}).get("name"), provider_id=body["id"])
        return [one(body) for body in self.fake.sent]

    def typing(self) -> list[str]:
        return [body["message_id"] for body in self.fake.typing]

    def rate_limit_next(self, count: int) -> None:
        self.fake.fail_next_sends(count, graph.THROUGHPUT)

    def close_window(self) -> None:
        self.fake.window_closed.add(PHONE.lstrip("+"))


PROVIDERS: dict[str, Callable[[], Provider]] = {"twilio": TwilioProvider, "meta": MetaProvider}
