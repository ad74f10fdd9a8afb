"""The embedded default too: `bobby serve` on SQLite (HTTP and the in-process queue in one
process) is SIGKILLed mid-turn while 20 users walk exercises, then started again on the same
file: every inbound message has exactly one turn, and no reply was sent twice.

As on PostgreSQL (test_process_faults.py), replies the killed process had claimed but not
handed over stay SENDING for the operator ("interrupted" after five minutes) rather than risk a
second copy; those it had handed over are put right by Twilio's status callback."""

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
    ledger,
    phone,
    settled,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ACCOUNT = "AC" + "9" * 32
USERS = 20


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


async def test_bobby_serve_on_sqlite_killed_mid_turn_loses_no_message_and_doubles_no_reply(
        sqlite_url: str, twilio: FakeTwilio, spawned: Spawned) -> None:
    seed = int(os.environ.get("FAULT_SEED", random.randrange(1_000_000)))
    print(f"FAULT_SEED={seed}")  # rerun a failure with the same kill point
    total = USERS * len(WALK)
    kill_at = random.Random(seed).randint(total // 5, total // 2)
    settings = {"DATABASE_URL": sqlite_url, "BOBBY_ENV": "dev", "TWILIO_ACCOUNT_SID": ACCOUNT,
                "TWILIO_AUTH_TOKEN": TOKEN, "WHATSAPP_NUMBER": "+14155238886",
                "TWILIO_API_BASE_URL": twilio.base_url, "PUBLIC_BASE_URL": PUBLIC,
                "SPOOL_DIR": str(spawned.work / "spool")}
    server, url = spawned.web(settings, "serve1", web_only=False)
    users = Users(url)
    walking = asyncio.create_task(users.walk([phone(600 + n) for n in range(USERS)]))
    taken = users.answers.statuses
    while taken[200] < kill_at:  # noqa: ASYNC110 - the walk's progress
        await asyncio.sleep(0.02)
    unhandled_at_kill = ledger(sqlite_url).unhandled
    kill(server)
    await asyncio.to_thread(spawned.web, settings, "serve2", urlparse(url).port, web_only=False)
    await walking
    final = await settled(sqlite_url, total, within=180, interrupted=True)

    assert set(taken) <= {200, 0}, taken  # a killed server is a cut connection, never a 5xx
    assert_one_turn_per_message(final)
    never_sent = await assert_each_reply_sent_at_most_once(final, twilio, url, sqlite_url)
    print(f"killed with {unhandled_at_kill} messages waiting for their turn; {final.replies} "
          f"replies, {never_sent} never sent; {users.answers.resent} resends")
    assert never_sent <= USERS * 3
