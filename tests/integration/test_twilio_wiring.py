"""The composition root builds the Twilio Messenger from settings, pointed at TWILIO_API_BASE_URL;
and the fake Twilio's status callbacks are signed as Twilio signs them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest
from pydantic import SecretStr, ValidationError
from twilio.request_validator import RequestValidator

from bobby_adapters.console_messenger import ConsoleMessenger
from bobby_adapters.twilio import TwilioMessenger
from bobby_core.model import MessageId, OutboundMessage, Recipient
from bobby_core.ports import Messenger
from bobby_main.container import build_container
from bobby_main.settings import Settings
from tests.integration.fake_twilio import FakeTwilio

pytestmark = pytest.mark.integration
SID, TOKEN = "AC" + "5" * 32, "wiring-token"


def settings(**values: Any) -> Settings:
    base: dict[str, Any] = {"openai_api_key": None, "helplines_file": None,
                            "twilio_account_sid": None, "twilio_auth_token": None,
                            "whatsapp_number": None, "public_base_url": None,
                            "twilio_api_base_url": None}
    return Settings(_env_file=None, **(base | values))


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    server = FakeTwilio(SID, TOKEN).start()
    yield server
    server.stop()


def test_without_twilio_credentials_replies_go_to_the_console() -> None:
    assert isinstance(build_container(settings()).get(Messenger), ConsoleMessenger)


async def test_with_credentials_the_messenger_sends_through_the_configured_base_url(
        fake: FakeTwilio) -> None:
    container = build_container(settings(
        twilio_account_sid=SID, twilio_auth_token=SecretStr(TOKEN), whatsapp_number="+14155238886",
        public_base_url="https://bobby.example", twilio_api_base_url=fake.base_url))
    messenger = container.get(Messenger)
    assert isinstance(messenger, TwilioMessenger)
    sid = await messenger.send(OutboundMessage(reference=MessageId("o1"), to=Recipient(phone="+447700900123"),
                                               body="hello"))
    await messenger.show_typing("SM" + "1" * 32)
    await messenger.close()
    assert sid == fake.sid_of(1)
    assert fake.sent[0]["StatusCallback"] == ["https://bobby.example/webhooks/twilio/status?ref=o1"]
    assert len(fake.typing) == 1


@pytest.mark.parametrize("url", ["ftp://gateway.example", "gateway.example:8080"])
def test_a_base_url_that_is_not_http_is_refused_at_start_up(url: str) -> None:
    with pytest.raises(ValidationError, match="TWILIO_API_BASE_URL"):
        settings(twilio_api_base_url=url)


def test_a_blank_base_url_means_twilios_own_hosts() -> None:
    assert settings(twilio_api_base_url="").twilio_api_base_url is None


class _Receiver:
    """A loopback endpoint that records what it was sent and checks Twilio's signature."""

    def __init__(self, token: str) -> None:
        self.got: list[tuple[str, dict[str, str], bool]] = []
        receiver, validator = self, RequestValidator(token)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                url = receiver.url_base + self.path
                ok = validator.validate(url, form, self.headers.get("X-Twilio-Signature", ""))
                receiver.got.append((self.path, form, bool(ok)))
                self.send_response(204 if ok else 403)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        host, port = self.server.server_address[:2]
        self.url_base = f"http://{host!s}:{port}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_status_callbacks_are_signed_over_the_full_url_with_its_query(fake: FakeTwilio) -> None:
    receiver = _Receiver(TOKEN)
    try:
        url = receiver.url_base + "/webhooks/twilio/status?ref=o%2F1"
        status = fake.post_status_callback(url, "SM" + "2" * 32, "undelivered",
                                           to="whatsapp:+447700900123",
                                           from_="whatsapp:+14155238886", error_code=63016)
        forged = FakeTwilio(SID, "another-token").post_status_callback(
            url, "SM" + "2" * 32, "delivered", to="whatsapp:+1", from_="whatsapp:+2")
    finally:
        receiver.stop()
    assert (status, forged) == (204, 403)
    path, form, ok = receiver.got[0]
    assert ok
    assert path == "/webhooks/twilio/status?ref=o%2F1"
    assert form["MessageStatus"] == "undelivered"
    assert form["ErrorCode"] == "63016"
    assert form["ChannelPrefix"] == "whatsapp"
    assert form["AccountSid"] == SID
