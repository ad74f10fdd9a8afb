"""TwilioMessenger against a fake Twilio REST API on loopback (no network, no mocks)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from bobby_adapters.twilio import TwilioMessenger, twilio_client
from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.model import MessageId, MessageTemplate, OutboundMessage, Recipient
from tests.integration.fake_twilio import (
    INVALID_TO,
    OUTSIDE_WINDOW,
    RATE_LIMITED,
    REFUSED_TO,
    SERVER_ERROR,
    Failure,
    FakeTwilio,
)

pytestmark = pytest.mark.integration
SID, TOKEN = "AC" + "7" * 32, "secret-token"
SENDER, PHONE = "+14155238886", "+447700900123"
PUBLIC = "https://bobby.example"


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    server = FakeTwilio(SID, TOKEN).start()
    yield server
    server.stop()


def _msg(to: str = PHONE, body: str = "Time for a short reflection?", media: str | None = None,
         ref: str = "out-1") -> OutboundMessage:
    return OutboundMessage(reference=MessageId(ref), to=Recipient(phone=to), body=body, media_url=media)


@pytest.fixture
async def messenger(fake: FakeTwilio) -> AsyncIterator[TwilioMessenger]:
    client = twilio_client(SID, TOKEN, api_base_url=fake.base_url, timeout=2.0)
    messenger = TwilioMessenger(client, SENDER, public_base_url=PUBLIC + "/")
    yield messenger
    await messenger.close()


async def test_send_posts_whatsapp_addresses_and_returns_the_message_sid(
        fake: FakeTwilio, messenger: TwilioMessenger) -> None:
    sid = await messenger.send(_msg())
    [form] = fake.sent
    assert sid == fake.sid_of(1)
    assert form["To"] == ["whatsapp:" + PHONE]
    assert form["From"] == ["whatsapp:" + SENDER]
    assert form["Body"] == ["Time for a short reflection?"]
    assert "MediaUrl" not in form


async def test_a_template_goes_as_content_sid_and_variables_without_a_body(
        fake: FakeTwilio, messenger: TwilioMessenger) -> None:
    template = MessageTemplate(name="HX" + "a" * 32, variables={"1": "Sam", "2": "Reflect"})
    message = replace(_msg(body="Hi Sam! Here's the reminder you asked for"), template=template)
    await messenger.send(message)
    [form] = fake.sent
    assert form["ContentSid"] == ["HX" + "a" * 32]
    assert json.loads(form["ContentVariables"][0]) == {"1": "Sam", "2": "Reflect"}
    assert "Body" not in form
    assert "MediaUrl" not in form


async def test_the_status_callback_carries_our_reference(fake: FakeTwilio,
                                                          messenger: TwilioMessenger) -> None:
    await messenger.send(_msg(ref="out/42 x"))
    [callback] = fake.sent[0]["StatusCallback"]
    parts = urlsplit(callback)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == PUBLIC + "/webhooks/twilio/status"
    assert parse_qs(parts.query) == {"ref": ["out/42 x"]}


async def test_without_a_public_url_there_is_no_status_callback(fake: FakeTwilio) -> None:
    messenger = TwilioMessenger(twilio_client(SID, TOKEN, api_base_url=fake.base_url), SENDER)
    await messenger.send(_msg())
    await messenger.close()
    assert "StatusCallback" not in fake.sent[0]


async def test_media_goes_as_media_url_and_an_empty_body_is_left_out(
        fake: FakeTwilio, messenger: TwilioMessenger) -> None:
    await messenger.send(_msg(body="", media="https://cdn.example/c.png"))
    assert fake.sent[0]["MediaUrl"] == ["https://cdn.example/c.png"]
    assert "Body" not in fake.sent[0]


@pytest.mark.parametrize(("failure", "permanent"), [
    (SERVER_ERROR, False), (RATE_LIMITED, False), (INVALID_TO, True), (OUTSIDE_WINDOW, True),
    (Failure(400, 21610, "Attempt to send to unsubscribed recipient"), True),
    (Failure(400, 21617, "The concatenated message body exceeds the 1600 character limit"), True),
    (Failure(400, 63024, "Invalid message recipient"), True),
    (Failure(400, 29999, "A code we have never heard of"), False),
])
async def test_each_refusal_maps_to_its_code_and_retry_policy(
        fake: FakeTwilio, messenger: TwilioMessenger, failure: Failure, permanent: bool) -> None:
    fake.fail_next_sends(1, failure)
    with pytest.raises(DeliveryError) as caught:
        await messenger.send(_msg())
    assert caught.value.code == str(failure.code)
    assert caught.value.permanent is permanent
    assert caught.value.service == "messenger"
    assert fake.sent == []


async def test_scripted_failures_end_and_the_next_send_goes_through(
        fake: FakeTwilio, messenger: TwilioMessenger) -> None:
    fake.fail_next_sends(2, SERVER_ERROR)
    for _ in range(2):
        with pytest.raises(DeliveryError):
            await messenger.send(_msg())
    assert await messenger.send(_msg()) == fake.sid_of(1)


async def test_twilios_magic_invalid_number_is_refused_for_good(
        fake: FakeTwilio, messenger: TwilioMessenger) -> None:
    with pytest.raises(DeliveryError) as caught:
        await messenger.send(_msg(to=REFUSED_TO))
    assert (caught.value.code, caught.value.permanent) == ("21211", True)


async def test_bad_credentials_are_permanent_and_warn_the_operator(
        fake: FakeTwilio, caplog: pytest.LogCaptureFixture) -> None:
    messenger = TwilioMessenger(twilio_client(SID, "wrong", api_base_url=fake.base_url), SENDER)
    with caplog.at_level(logging.WARNING), pytest.raises(DeliveryError) as caught:
        await messenger.send(_msg())
    await messenger.close()
    assert (caught.value.code, caught.value.permanent) == ("20003", True)
    assert "TWILIO_AUTH_TOKEN" in caplog.text
    assert "wrong" not in caplog.text
    assert TOKEN not in caplog.text


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_an_unreachable_api_is_transient() -> None:
    client = twilio_client(SID, TOKEN, api_base_url=f"http://127.0.0.1:{_closed_port()}")
    messenger = TwilioMessenger(client, SENDER)
    with pytest.raises(DeliveryError, match="unreachable") as caught:
        await messenger.send(_msg())
    await messenger.close()
    assert (caught.value.code, caught.value.permanent) == (None, False)


async def test_a_silent_api_times_out_as_transient() -> None:
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = twilio_client(SID, TOKEN, api_base_url=f"http://127.0.0.1:{port}", timeout=0.3)
        messenger = TwilioMessenger(client, SENDER)
        with pytest.raises(DeliveryError, match="timeout") as caught:
            await messenger.send(_msg())
        await messenger.close()
    assert caught.value.permanent is False


async def test_a_connect_that_hangs_is_reported_as_never_sent() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = [socket.socket() for _ in range(3)]  # fill the accept queue: SYNs get dropped
        for filler in fillers:
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
        client = twilio_client(SID, TOKEN, api_base_url=f"http://127.0.0.1:{port}", timeout=0.4)
        messenger = TwilioMessenger(client, SENDER)
        with pytest.raises(DeliveryError, match="connect timeout") as caught:
            await messenger.send(_msg())
        await messenger.close()
        for filler in fillers:
            filler.close()
    assert caught.value.permanent is False


async def test_typing_indicator_posts_the_inbound_sid_on_the_messaging_host(
        fake: FakeTwilio, messenger: TwilioMessenger) -> None:
    inbound = "SM" + "ab" * 16
    await messenger.show_typing(inbound)
    assert fake.typing == [{"messageId": [inbound], "channel": ["whatsapp"]}]


async def test_a_refused_typing_indicator_raises_external_service_error(
        fake: FakeTwilio, messenger: TwilioMessenger) -> None:
    with pytest.raises(ExternalServiceError, match="typing indicator refused"):
        await messenger.show_typing("not-a-sid")
    assert fake.typing == []


async def test_an_unreachable_typing_indicator_raises_external_service_error() -> None:
    client = twilio_client(SID, TOKEN, api_base_url=f"http://127.0.0.1:{_closed_port()}")
    messenger = TwilioMessenger(client, SENDER)
    with pytest.raises(ExternalServiceError, match="typing indicator unreachable"):
        await messenger.show_typing("SM" + "0" * 32)
    await messenger.close()


async def test_a_base_url_with_a_path_prefix_keeps_it(fake: FakeTwilio) -> None:
    # A gateway mounted under a path gets /prefix/2010-04-01/...; the fake knows no prefix.
    client = twilio_client(SID, TOKEN, api_base_url=fake.base_url + "/gateway")
    messenger = TwilioMessenger(client, SENDER)
    with pytest.raises(DeliveryError) as caught:
        await messenger.send(_msg())
    await messenger.close()
    assert caught.value.code == "20404"
    assert fake.requests == 1


async def test_nothing_personal_reaches_the_logs(fake: FakeTwilio, messenger: TwilioMessenger,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        await messenger.send(_msg(body="I feel low today"))
        await messenger.show_typing("SM" + "cd" * 16)
        fake.fail_next_sends(1, INVALID_TO)
        with pytest.raises(DeliveryError) as caught:
            await messenger.send(_msg(body="I feel low today"))
    assert PHONE not in caplog.text
    assert "I feel low today" not in caplog.text
    assert PHONE not in str(caught.value)
    assert caught.value.__cause__ is None


async def test_many_concurrent_sends_share_one_session(fake: FakeTwilio,
                                                       messenger: TwilioMessenger) -> None:
    sids = await asyncio.gather(*(messenger.send(_msg(ref=f"out-{n}")) for n in range(50)))
    assert len(set(sids)) == 50
    assert len(fake.sent) == 50
