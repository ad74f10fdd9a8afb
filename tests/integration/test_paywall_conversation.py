"""The paywall as a WhatsApp user meets it, through the real app, once per payment provider
(each with its fake API on loopback and its own signed notifications): the checkout link
instead of the exercise, "why not buy", access after paying, the portal, the end of access."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from bobby_core.model import Direction
from tests import flow_words as words
from tests.integration.billing_providers import PROVIDERS, Provider
from tests.integration.http_support import say, sids, store_of
from tests.integration.http_support import wire as http_wire

pytestmark = pytest.mark.integration
REFLECT_FIRST = words.text("reflect", "event")


@pytest.fixture(params=sorted(PROVIDERS))
def provider(request: pytest.FixtureRequest) -> Iterator[Provider]:
    made = PROVIDERS[request.param]()
    yield made
    made.stop()


def notify(client: TestClient[Litestar], provider: Provider, payloads: list[str]) -> None:
    for payload in payloads:
        response: Any = client.post(provider.path, content=payload, headers={
            "Content-Type": "application/json", provider.header: provider.sign(payload)})
        assert response.status_code == 200, response.text


def test_a_user_without_access_gets_the_checkout_link_then_access_then_its_end(
        provider: Provider) -> None:
    app, container = http_wire(paywall=True, **provider.settings())
    sid = sids()
    with TestClient(app) as client:
        say(client, "hi", next(sid))
        say(client, "yes", next(sid))
        offered = say(client, "2", next(sid))
        assert provider.checkout_prefix in offered
        assert REFLECT_FIRST not in offered
        [user] = store_of(container).users.values()
        assert provider.checkout_user() == user.id
        reply = say(client, "It's too expensive for me right now", next(sid))
        assert words.text("why_not_buy", "thanks") in reply
        [why] = store_of(container).feedback.values()
        assert (why.kind, why.text) == ("why_not_buy", "It's too expensive for me right now")
        # The Burnout check and crisis replies never wait for a payment.
        assert words.text("burnout", "intro") in say(client, "4", next(sid))
        assert "Samaritans" in say(client, "I want to end my life", next(sid))
        say(client, "menu", next(sid))
        now = datetime.now(UTC)
        notify(client, provider, provider.subscribed(user.id, "active", now,
                                                     now + timedelta(days=30), now))
        assert REFLECT_FIRST in say(client, "2", next(sid))
        assert provider.portal_prefix in say(client, "subscription", next(sid))
        # Canceled, and its period ended yesterday: access has ended.
        notify(client, provider, provider.ended(now - timedelta(days=1),
                                                now + timedelta(seconds=5)))
        say(client, "menu", next(sid))
        assert provider.checkout_prefix in say(client, "2", next(sid))
    assert all(m.body for m in store_of(container).messages.values()
               if m.direction is Direction.OUTBOUND)
