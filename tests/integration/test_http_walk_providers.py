"""The black-box walk, once per messaging provider: a user consents, walks Reflect and asks
for a reminder through the provider's signed webhooks; replies go out through its real adapter
to its fake API, its status reports land in the outbox, and the reminder, due outside
WhatsApp's 24-hour window, goes as the provider's approved template. Only the settings differ
between the two runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from litestar.testing import TestClient

from bobby_adapters.fakes import FakeClock
from bobby_core.model import DeliveryStatus, Direction, ReminderStatus
from bobby_core.use_cases.send_reminder import SendReminder, SendReminderCommand
from bobby_http.app import create_app
from bobby_main.asgi import lifespan_for
from bobby_main.container import InMemoryModule, build_container
from bobby_main.settings import Settings
from tests import flow_words as words
from tests.integration.http_support import PUBLIC, store_of
from tests.integration.messaging_providers import PHONE, PROVIDERS, Provider
from tests.integration.pipeline_support import wait_for_replies, wait_for_sends
from tests.integration.test_admin_sessions import ClockModule

pytestmark = pytest.mark.integration

REFLECT = ("2", "My manager criticised my report", "I always get things wrong",
           "I did get good feedback last month though",
           "I'd tell a friend one mistake doesn't define them", "Maybe he was simply stressed")


@pytest.fixture(params=sorted(PROVIDERS))
def messaging(request: pytest.FixtureRequest) -> Iterator[Provider]:
    chosen: Provider = PROVIDERS[request.param]()
    yield chosen
    chosen.stop()


async def test_consent_reflect_and_a_reminder_through_the_providers_webhooks(
        messaging: Provider) -> None:
    clock = FakeClock()
    container = build_container(
        Settings(_env_file=None, public_base_url=PUBLIC, **messaging.settings()),
        InMemoryModule(), ClockModule(clock))
    app = create_app(container, lifespan=[lifespan_for(container, worker=True)])
    store = store_of(container)
    turn = iter(range(1, 100))

    def say(client: TestClient, text: str) -> str:  # type: ignore[type-arg]
        message_id = messaging.message_id(next(turn))
        assert messaging.post_message(client, text, message_id).status_code == 200
        return "\n".join(m.body for m in wait_for_replies(store, message_id))

    with TestClient(app) as client:
        assert "automated well-being companion" in say(client, "hi")
        assert "Reply with a number" in say(client, "yes")
        replies = [say(client, text) for text in REFLECT]
        assert words.text("reflect", "event") in replies[0]
        assert words.text("reflect", "feel_after") in replies[-1]
        assert words.text("reflect", "thanks") in say(client, "4")
        assert words.text("reminder_offer", "days") in say(client, "yes")
        say(client, "1")
        say(client, "skip")
        [result] = store.results.values()
        assert (result.flow_id, result.feel_after) == ("reflect", 4)
        # Every reply went out through the provider's API, to this user, and was recorded so.
        sent = messaging.sent()
        replies_stored = [m for m in store.messages.values()
                          if m.direction is Direction.OUTBOUND]
        assert {m.status for m in replies_stored} == {DeliveryStatus.SENT}
        assert sorted(m.provider_message_id or "" for m in replies_stored) == sorted(
            s.provider_id for s in sent)
        assert {s.to for s in sent} == {PHONE}
        # Its status reports move the replies forward in the outbox.
        last = max(replies_stored, key=lambda m: m.created_at)
        assert last.provider_message_id is not None
        answer = messaging.post_status(client, last.provider_message_id, "read", last.id)
        assert answer.status_code < 300
        assert store.messages[last.id].status is DeliveryStatus.READ

        # A day later the reminder falls due: the chat's window has closed.
        [reminder] = store.reminders.values()
        clock.advance(reminder.due_at - clock.now())
        await container.get(SendReminder).execute(SendReminderCommand(reminder_id=reminder.id))
        [settled] = store.reminders.values()
        assert settled.status is ReminderStatus.SENT
        assert settled.message_id is not None
        wait_for_sends(store, [store.messages[settled.message_id]])
        assert store.messages[settled.message_id].status is DeliveryStatus.SENT
    template = messaging.sent()[-1]
    assert template.template is not None
    assert (template.to, template.provider_id) == (
        PHONE, store.messages[settled.message_id].provider_message_id)
    assert clock.now() - settled.created_at >= timedelta(hours=24)
