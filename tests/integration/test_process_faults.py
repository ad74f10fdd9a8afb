"""A web process and a worker are SIGKILLed at random points while 20 users walk exercises:
afterwards every inbound message has exactly one turn, and no reply was sent twice.

The outbox hands a reply over at most once. A worker killed after claiming a batch of replies
leaves them SENDING: those it had handed to Twilio are put right by Twilio's status callback
(it carries our reference); those it had not are never sent, and the sweep fails them
("interrupted") for the operator five minutes later rather than risk a second copy. The test
counts them (a kill mid-batch leaves a few) and requires every other reply sent exactly once."""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import PUBLIC, TOKEN
from tests.integration.processes import Spawned, kill
from tests.integration.traffic import (
    WALK,
    Users,
    assert_each_reply_sent_at_most_once,
    assert_one_turn_per_message,
    phone,
    settled,
)

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.slow]

ACCOUNT = "AC" + "6" * 32
USERS = 20


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


async def test_web_and_worker_killed_mid_stream_lose_no_message_and_double_no_reply(
        clean_postgres_url: str, twilio: FakeTwilio, spawned: Spawned) -> None:
    seed = int(os.environ.get("FAULT_SEED", random.randrange(1_000_000)))
    print(f"FAULT_SEED={seed}")  # rerun a failure with the same kill points
    chance = random.Random(seed)
    total = USERS * len(WALK)
    kill_web_at, kill_worker_at = chance.randint(total // 5, total // 2), chance.randint(
        total // 3, 3 * total // 4)
    settings = {"DATABASE_URL": clean_postgres_url, "BOBBY_ENV": "dev",
                "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": TOKEN,
                "WHATSAPP_NUMBER": "+14155238886", "TWILIO_API_BASE_URL": twilio.base_url,
                "PUBLIC_BASE_URL": PUBLIC, "WORKER_STALLED_AFTER_SECONDS": "2"}
    web, url = spawned.web(settings, "web1")
    worker = spawned.bobby("worker", name="worker1", **settings)
    users = Users(url)
    walking = asyncio.create_task(users.walk([phone(100 + n) for n in range(USERS)]))
    taken = users.answers.statuses
    while taken[200] < kill_web_at:  # noqa: ASYNC110 - the walk's progress
        await asyncio.sleep(0.02)
    kill(web)
    await asyncio.to_thread(spawned.web, settings, "web2", urlparse(url).port)
    while taken[200] < kill_worker_at:  # noqa: ASYNC110
        await asyncio.sleep(0.02)
    kill(worker)
    spawned.bobby("worker", name="worker2", **settings)
    await walking
    final = await settled(clean_postgres_url, total, within=120, interrupted=True)

    assert set(taken) <= {200, 0}, taken  # a killed web is a cut connection, never a 5xx
    assert_one_turn_per_message(final)
    never_sent = await assert_each_reply_sent_at_most_once(final, twilio, url, clean_postgres_url)
    print(f"{final.replies} replies, {final.reply_statuses.get('sending', 0)} left sending by "
          f"the kill, {never_sent} of them never sent; {users.answers.resent} resends")
    # Only what was in flight at the kill: at most one claimed batch per user, a turn's few.
    assert never_sent <= USERS * 3
