"""TwilioMessenger against a fake Twilio REST API on loopback (no network, no mocks)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from bobby_adapters.twilio_messenger import TwilioMessenger, twilio_client
from bobby_core.errors import ExternalServiceError
from bobby_core.model import MessageId, OutboundMessage
from tests.integration.fake_twilio import REFUSED_TO, FakeTwilio

pytestmark = pytest.mark.integration
SID, TOKEN = "AC" + "7" * 32, "secret-token"
CALLBACK = "https://bobby.example/webhooks/twilio/status"


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    server = FakeTwilio(SID, TOKEN).start()
    yield server
    server.stop()


def _msg(to: str, body: str, media: str | None = None) -> OutboundMessage:
    return OutboundMessage(reference=MessageId("m1"), to_phone=to, body=body, media_url=media)


def messenger_for(base_url: str, token: str = TOKEN) -> TwilioMessenger:
    client = twilio_client(SID, token, timeout=2.0)
    # The SDK builds every API URL from this domain's base; point it at the fake.
    client.api.base_url = base_url
    return TwilioMessenger(client, "+14155238886", status_callback_url=CALLBACK)


async def test_send_text_posts_whatsapp_addresses_and_returns_the_message_sid(fake: FakeTwilio) -> None:
    messenger = messenger_for(fake.base_url)
    sid = await messenger.send(_msg("+447700900123", "Time for a short reflection?"))
    [form] = fake.sent
    assert sid == "SM" + f"{1:032x}"
    assert form["To"] == ["whatsapp:+447700900123"]
    assert form["From"] == ["whatsapp:+14155238886"]
    assert form["Body"] == ["Time for a short reflection?"]
    assert form["StatusCallback"] == [CALLBACK]
    assert "MediaUrl" not in form


async def test_media_goes_as_media_url(fake: FakeTwilio) -> None:
    await messenger_for(fake.base_url).send(_msg("+447700900123", "", "https://cdn.example/c.png"))
    assert fake.sent[0]["MediaUrl"] == ["https://cdn.example/c.png"]


async def test_a_refusal_becomes_external_service_error_with_twilios_code(fake: FakeTwilio) -> None:
    with pytest.raises(ExternalServiceError, match="21211") as caught:
        await messenger_for(fake.base_url).send(_msg(REFUSED_TO, "hello"))
    assert caught.value.service == "messenger"
    assert fake.sent == []


async def test_bad_credentials_become_external_service_error(fake: FakeTwilio) -> None:
    with pytest.raises(ExternalServiceError, match="20003"):
        await messenger_for(fake.base_url, token="wrong").send(_msg("+447700900123", "hello"))


async def test_an_unreachable_api_becomes_external_service_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ExternalServiceError, match="unreachable"):
        await messenger_for(f"http://127.0.0.1:{port}").send(_msg("+447700900123", "hello"))
