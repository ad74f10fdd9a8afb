"""The Meta Cloud API messenger against the fake Graph API on loopback: what each refusal
means for a reply (retry or not, the window), the token alarm, long captions, unreachable API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bobby_adapters.meta import MetaCloudMessenger
from bobby_adapters.meta.graph_client import GraphClient
from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.model import MessageId, OutboundMessage, Recipient
from tests.integration import fake_graph as graph
from tests.integration.fake_graph import Failure, FakeGraph

pytestmark = pytest.mark.integration
TOKEN, SECRET = "EAAG-adapter-token", "adapter-secret"
TO = Recipient(phone="+447700900123", provider_user_id="GB.1349")


@pytest.fixture
async def fake() -> AsyncIterator[FakeGraph]:
    started = FakeGraph(TOKEN, SECRET).start()
    yield started
    started.stop()


def messenger_for(fake: FakeGraph, token: str = TOKEN,
                  number_id: str = graph.PHONE_NUMBER_ID) -> MetaCloudMessenger:
    return MetaCloudMessenger(GraphClient(fake.base_url, graph.VERSION, token), number_id)


def reply(body: str = "Hello", media: str | None = None) -> OutboundMessage:
    return OutboundMessage(reference=MessageId("m1"), to=TO, body=body, media_url=media)


@pytest.mark.parametrize(("failure", "permanent", "window"), [
    (graph.OUTSIDE_WINDOW, True, True), (graph.UNDELIVERABLE, True, False),
    (graph.THROUGHPUT, False, False), (graph.PAIR_RATE_LIMIT, False, False),
    (Failure(400, 4, "(#4) Application request limit reached"), False, False),
    (Failure(400, 80007, "Rate limit issues"), False, False),
    (graph.SERVER_ERROR, False, False), (Failure(400, 999999, "something new"), False, False),
    (graph.BAD_TOKEN, True, False)])
async def test_each_refusal_says_whether_a_retry_can_help(
        fake: FakeGraph, failure: Failure, permanent: bool, window: bool) -> None:
    messenger = messenger_for(fake)
    fake.fail_next_sends(1, failure)
    with pytest.raises(DeliveryError) as refused:
        await messenger.send(reply())
    assert (refused.value.code, refused.value.permanent, refused.value.window_closed) == (
        str(failure.code), permanent, window)
    assert "Rate limit" not in str(refused.value)  # Meta's own words are not repeated
    await messenger.close()


async def test_a_bad_token_is_logged_once_until_a_send_succeeds(
        fake: FakeGraph, caplog: pytest.LogCaptureFixture) -> None:
    messenger = messenger_for(fake, token="expired")
    with caplog.at_level(logging.WARNING, logger="bobby.meta"):
        for _ in range(3):
            with pytest.raises(DeliveryError) as refused:
                await messenger.send(reply())
            assert refused.value.permanent
    assert sum("META_ACCESS_TOKEN" in r.getMessage() for r in caplog.records) == 1
    await messenger.close()


async def test_an_unknown_phone_number_id_is_a_permanent_refusal(fake: FakeGraph) -> None:
    messenger = messenger_for(fake, number_id="999")
    with pytest.raises(DeliveryError) as refused:
        await messenger.send(reply())
    assert (refused.value.code, refused.value.permanent) == ("100", True)
    await messenger.close()


async def test_a_text_too_long_for_a_caption_goes_before_its_image(fake: FakeGraph) -> None:
    messenger = messenger_for(fake)
    long_text = "word " * 300
    sent_id = await messenger.send(reply(long_text, "https://bobby.example/chart.png"))
    assert [b["type"] for b in fake.sent] == ["text", "image"]
    assert fake.sent[0]["text"]["body"] == long_text
    assert fake.sent[1]["image"] == {"link": "https://bobby.example/chart.png"}
    assert sent_id == fake.sent[1]["id"]
    assert fake.sent[0]["to"] == "447700900123"  # the phone, when there is one
    await messenger.close()


async def test_an_unreachable_api_is_a_transient_refusal_and_typing_a_service_error() -> None:
    stopped = FakeGraph(TOKEN, SECRET).start()
    base = stopped.base_url
    stopped.stop()
    messenger = MetaCloudMessenger(GraphClient(base, graph.VERSION, TOKEN, timeout=2.0),
                                   graph.PHONE_NUMBER_ID)
    with pytest.raises(DeliveryError) as refused:
        await messenger.send(reply())
    assert refused.value.permanent is False
    with pytest.raises(ExternalServiceError):
        await messenger.show_typing(graph.wamid(1))
    await messenger.close()


async def test_typing_on_a_message_that_is_not_a_whatsapp_id_is_refused(fake: FakeGraph) -> None:
    messenger = messenger_for(fake)
    with pytest.raises(ExternalServiceError):
        await messenger.show_typing("SM123")
    assert fake.typing == []
    await messenger.close()
