"""The outbox through the real Twilio adapter against a fake Twilio API on loopback: transient
refusals are retried and the reply goes out once; a permanent one is kept with Twilio's code."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from injector import Injector

from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.model import DeliveryStatus, Direction, UserId
from bobby_core.ports import Clock, Messenger, TaskQueue, UnitOfWorkFactory
from bobby_core.use_cases.deliver_replies import DeliverReplies, DeliverRepliesCommand
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
from bobby_main.container import OfflineModule, build_container
from bobby_main.settings import Settings
from tests.integration.fake_twilio import (
    INVALID_TO,
    OUTSIDE_WINDOW,
    RATE_LIMITED,
    SERVER_ERROR,
    Failure,
    FakeTwilio,
)

pytestmark = pytest.mark.integration
ACCOUNT, TOKEN, SENDER = "AC" + "3" * 32, "outbox-token", "+14155238886"
PHONE = "+447700900888"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture
async def container(sqlite_url: str, twilio: FakeTwilio) -> AsyncIterator[Injector]:
    settings = Settings(_env_file=None, database_url=sqlite_url, twilio_account_sid=ACCOUNT,
                        twilio_auth_token=TOKEN, whatsapp_number=SENDER,
                        twilio_api_base_url=twilio.base_url,
                        public_base_url="https://bobby.example")
    built = build_container(settings, OfflineModule())
    yield built
    await built.get(UnitOfWorkFactory).dispose()  # type: ignore[attr-defined]


async def first_turn(container: Injector) -> UserId:
    received = await container.get(ReceiveMessage).execute(ReceiveMessageCommand(
        sender=f"whatsapp:{PHONE}", text="hi", provider_message_id="SMoutbox1"))
    await container.get(RunTurns).execute(RunTurnsCommand(user_id=received.user_id))
    return received.user_id


Row = tuple[DeliveryStatus, str | None, str | None]


async def outbound_rows(container: Injector, user_id: UserId) -> list[Row]:
    async with container.get(UnitOfWorkFactory)() as work:
        rows = await work.transcript.list_for_user(user_id)
    return [(m.status, m.provider_message_id, m.error_code) for m in rows
            if m.direction is Direction.OUTBOUND]


async def test_a_reply_refused_twice_then_taken_is_sent_exactly_once(
        container: Injector, twilio: FakeTwilio) -> None:
    twilio.fail_next_sends(1, SERVER_ERROR)
    twilio.fail_next_sends(1, RATE_LIMITED)
    # The turn tries to send its replies itself: Twilio answers 500, so they wait for a retry.
    user_id = await first_turn(container)
    assert [status for status, _, _ in await outbound_rows(container, user_id)] == [
        DeliveryStatus.QUEUED] * 2
    # The retries come at once here; the queue would wait 2 s, then 10 s.
    deliver = DeliverReplies(container.get(UnitOfWorkFactory), container.get(Clock),
                             container.get(Messenger), container.get(TaskQueue),
                             container.get(ReplyArtefacts),
                             retry_delays=(timedelta(0), timedelta(0)))
    command = DeliverRepliesCommand(user_id=user_id)
    assert (await deliver.execute(command)).retry_later  # 429
    done = await deliver.execute(command)
    rows = await outbound_rows(container, user_id)
    assert done.sent == len(rows) == 2
    assert len(twilio.sent) == 2  # each reply reached Twilio once
    assert [form["To"] for form in twilio.sent] == [[f"whatsapp:{PHONE}"]] * 2
    assert [status for status, _, _ in rows] == [DeliveryStatus.SENT] * 2
    assert [sid for _, sid, _ in rows] == [twilio.sid_of(1), twilio.sid_of(2)]


@pytest.mark.parametrize("refusal", [OUTSIDE_WINDOW, INVALID_TO], ids=["63016", "21211"])
async def test_a_permanent_refusal_fails_the_reply_for_good_with_twilios_code(
        container: Injector, twilio: FakeTwilio, refusal: Failure) -> None:
    twilio.fail_next_sends(1, refusal)
    user_id = await first_turn(container)  # the turn sends its own replies
    rows = await outbound_rows(container, user_id)
    assert rows[0] == (DeliveryStatus.FAILED, None, str(refusal.code))
    assert rows[1][0] is DeliveryStatus.SENT
    assert len(twilio.sent) == 1
