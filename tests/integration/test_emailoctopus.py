"""The EmailOctopus adapter against a fake EmailOctopus v2 API on loopback."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from bobby_adapters.emailoctopus import EmailOctopusMailingList
from bobby_core.errors import MailingListError
from bobby_core.subscriptions.mailing import contact_key
from tests.integration.fake_emailoctopus import LIST_ID, TOKEN, FakeEmailOctopus

pytestmark = pytest.mark.integration
EMAIL = "Sam@Example.com"


@pytest.fixture
def fake() -> Iterator[FakeEmailOctopus]:
    server = FakeEmailOctopus().start()
    yield server
    server.stop()


@pytest.fixture
async def mailing(fake: FakeEmailOctopus) -> AsyncIterator[EmailOctopusMailingList]:
    adapter = EmailOctopusMailingList(httpx.AsyncClient(timeout=5), TOKEN, LIST_ID,
                                      base_url=fake.base_url, backoff_seconds=0.05)
    yield adapter
    await adapter.aclose()


async def test_upsert_creates_then_updates_the_contact_with_tags(
        fake: FakeEmailOctopus, mailing: EmailOctopusMailingList) -> None:
    await mailing.upsert(EMAIL, {"subscriber": True, "trial": False})
    await mailing.upsert(EMAIL, {"trial": True})
    assert fake.contacts[EMAIL]["tags"] == {"subscriber", "trial"}
    method, path, body = fake.requests[0]
    assert (method, path) == ("PUT", f"/lists/{LIST_ID}/contacts")
    assert body == {"email_address": EMAIL, "tags": {"subscriber": True, "trial": False},
                    "status": "subscribed"}


async def test_delete_uses_the_md5_of_the_lower_cased_address(
        fake: FakeEmailOctopus, mailing: EmailOctopusMailingList) -> None:
    await mailing.delete(contact_key(EMAIL))
    md5 = "e179e95c00e7718ab4a23840f992ea63"  # MD5 of "sam@example.com"
    assert fake.requests == [("DELETE", f"/lists/{LIST_ID}/contacts/{md5}", None)]
    fake.answers = [404]
    await mailing.delete(contact_key("gone@example.com"))  # already gone counts as removed


async def test_a_rejected_address_is_a_clear_permanent_error(
        fake: FakeEmailOctopus, mailing: EmailOctopusMailingList) -> None:
    fake.answers = [422]
    with pytest.raises(MailingListError) as caught:
        await mailing.upsert("not-an-address", {"subscriber": True})
    assert caught.value.permanent
    assert "422" in caught.value.detail
    assert "/email_address" in caught.value.detail
    assert "not-an-address" not in str(caught.value)


async def test_too_many_requests_waits_for_the_retry_after_header(
        fake: FakeEmailOctopus, mailing: EmailOctopusMailingList) -> None:
    fake.answers = [429]
    started = time.monotonic()
    await mailing.upsert(EMAIL, {"subscriber": True})
    assert time.monotonic() - started >= 0.2
    assert len(fake.requests) == 2
    assert "subscriber" in fake.contacts[EMAIL]["tags"]


async def test_a_long_retry_after_is_capped(fake: FakeEmailOctopus,
                                            mailing: EmailOctopusMailingList,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bobby_adapters.emailoctopus.MAX_WAIT_SECONDS", 0.1)
    fake.answers, fake.retry_after = [429], "3600"
    started = time.monotonic()
    await mailing.upsert(EMAIL, {"subscriber": True})
    assert time.monotonic() - started < 2


async def test_server_errors_are_retried_then_reported_as_transient(
        fake: FakeEmailOctopus, mailing: EmailOctopusMailingList) -> None:
    fake.answers = [503]
    await mailing.upsert(EMAIL, {"subscriber": True})
    assert len(fake.requests) == 2
    fake.answers = [500, 502, 503]
    with pytest.raises(MailingListError) as caught:
        await mailing.upsert(EMAIL, {"subscriber": True})
    assert not caught.value.permanent
    assert len(fake.requests) == 2 + 3


async def test_a_wrong_token_is_an_error_that_may_succeed_later(fake: FakeEmailOctopus) -> None:
    adapter = EmailOctopusMailingList(httpx.AsyncClient(), "wrong", LIST_ID, base_url=fake.base_url)
    try:
        with pytest.raises(MailingListError) as caught:
            await adapter.upsert(EMAIL, {})
        assert not caught.value.permanent
        assert "wrong" not in str(caught.value)
    finally:
        await adapter.aclose()


async def test_an_unreachable_server_is_a_transient_error() -> None:
    adapter = EmailOctopusMailingList(httpx.AsyncClient(timeout=1), TOKEN, LIST_ID,
                                      base_url="http://127.0.0.1:1", backoff_seconds=0.01)
    try:
        with pytest.raises(MailingListError) as caught:
            await adapter.delete("abc")
        assert not caught.value.permanent
    finally:
        await adapter.aclose()
