"""PostgreSQL refused and frozen under a running `bobby serve --web-only` and `bobby worker`,
through a TCP proxy of the test's own (tcp_proxy.py): killed (connections cut, new ones
refused), then SIGSTOPped (connections open, nothing answering).

With a spool, 50 users at 10 webhooks a second through 20 s of each fault: every webhook is
answered 200 within the bound, every message is stored once and answered once afterwards, in
the order each user sent them. Without a spool that can be written, a webhook that cannot store
its message within the bound gets a 503 with Retry-After, and /ready answers within its bound."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from bobby_adapters.queue.procrastinate_queue import libpq_dsn
from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import PUBLIC, TOKEN, inbound, is_problem, sign
from tests.integration.processes import Spawned, free_port
from tests.integration.tcp_proxy import Proxy
from tests.integration.traffic import (
    PATH,
    WALK,
    Users,
    ledger,
    phone,
    replay_status_callbacks,
    sends_per_reply,
    settled,
)

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.slow]

ACCOUNT = "AC" + "7" * 32
USERS, RATE, FAULT_SECONDS = 50, 10.0, 20.0
BOUND = "2"
"""DATABASE_STATEMENT_TIMEOUT_SECONDS here: the webhook's wait before it spools."""


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


def through(proxy: Proxy, database_url: str) -> str:
    return make_url(database_url).set(port=proxy.port).render_as_string(hide_password=False)


def bobby_settings(database_url: str, twilio: FakeTwilio, spool: Path) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "BOBBY_ENV": "dev", "TWILIO_ACCOUNT_SID": ACCOUNT,
            "TWILIO_AUTH_TOKEN": TOKEN, "WHATSAPP_NUMBER": "+14155238886",
            "TWILIO_API_BASE_URL": twilio.base_url, "PUBLIC_BASE_URL": PUBLIC,
            "OPENAI_MODERATION": "false", "SPOOL_DIR": str(spool),
            "DATABASE_STATEMENT_TIMEOUT_SECONDS": BOUND,
            "DATABASE_CONNECT_TIMEOUT_SECONDS": "2", "DATABASE_POOL_TIMEOUT_SECONDS": "2"}


def spooled(spool: Path) -> int:
    return len(list(spool.glob("*.json"))) if spool.exists() else 0


async def drained(spool: Path, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while spooled(spool):
        assert time.monotonic() < deadline, f"{spooled(spool)} messages still spooled"
        await asyncio.sleep(0.1)


class Talking:
    """USERS users, RATE webhooks a second between them, each user's messages in order (the
    next is sent once the last was answered), until `stop()`."""

    def __init__(self, web: str) -> None:
        self.users = Users(web, timeout=14.0)  # Twilio gives up after 15 s
        self.sent: dict[str, int] = {}
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        started = time.monotonic()
        async with httpx.AsyncClient() as client:

            async def one(n: int) -> None:
                number, k = phone(300 + n), 0
                while not self._stopping.is_set():
                    slot = started + (k * USERS + n) / RATE
                    await asyncio.sleep(max(0.0, slot - time.monotonic()))
                    if self._stopping.is_set():
                        break
                    await self.users.deliver(client, number, WALK[k % len(WALK)],
                                             f"SMu{n:05d}k{k:025d}")
                    k += 1
                    self.sent[number] = k

            await asyncio.gather(*(one(n) for n in range(USERS)))

    async def stop(self) -> int:
        self._stopping.set()
        await self._task
        return sum(self.sent.values())


def order_per_user(database_url: str) -> dict[str, list[int]]:
    """Each user's inbound messages in the inbox's order, as the k of the sid they were sent
    with (0, 1, 2... when the order was kept)."""
    with psycopg.connect(libpq_dsn(database_url), autocommit=True) as conn:
        rows = conn.execute(b"SELECT u.phone, m.provider_message_id FROM messages m JOIN users u "
                            b"ON u.id = m.user_id WHERE m.direction = 'inbound' "
                            b"ORDER BY m.seq").fetchall()
    order: dict[str, list[int]] = {}
    for number, sid in rows:
        order.setdefault(str(number), []).append(int(str(sid).split("k")[1]))
    return order


async def test_refused_then_frozen_for_20_s_each_under_load_nothing_is_lost_doubled_or_reordered(
        clean_postgres_url: str, twilio: FakeTwilio, spawned: Spawned) -> None:
    proxy = Proxy(spawned, free_port(), make_url(clean_postgres_url).port or 5432)
    spool = spawned.work / "spool"
    settings = bobby_settings(through(proxy, clean_postgres_url), twilio, spool)
    web_process, web = spawned.web(settings)
    worker = spawned.bobby("worker", name="worker", **settings)
    talking = Talking(web)
    figures: dict[str, int] = {}
    answered = talking.users.answers.statuses
    while answered[200] < 2 * USERS:  # noqa: ASYNC110 - the traffic's progress
        await asyncio.sleep(0.1)
    try:
        proxy.refuse()
        await asyncio.sleep(FAULT_SECONDS)  # the fault lasts this long, whatever happens
        figures["spooled while refused"] = spooled(spool)
        proxy.start()
        await drained(spool)
        proxy.freeze()
        await asyncio.sleep(FAULT_SECONDS)
        figures["spooled while frozen"] = spooled(spool)
    finally:
        proxy.thaw()
    await drained(spool)
    mark = answered[200]
    while answered[200] < mark + USERS:  # noqa: ASYNC110 - a round more after the drain
        await asyncio.sleep(0.1)
    sent = await talking.stop()
    # A reply handed to Twilio while its outcome could not be written stays "sending" (never
    # sent again); Twilio's status callback, replayed here as it comes, records it as sent.
    final = await settled(clean_postgres_url, sent, within=240, interrupted=True)
    sends = sends_per_reply(twilio)
    await replay_status_callbacks(twilio, web)
    after = ledger(clean_postgres_url)
    order = order_per_user(clean_postgres_url)
    print(f"sent {sent}, stored {final.inbound}, answered "
          f"{final.inbound - final.inbound_without_reply}, doubled {final.doubled_inbound}, "
          f"{figures}, worst webhook {talking.users.answers.slowest:.2f} s, "
          f"answers {dict(answered)}, replies {final.replies} sent {sum(sends.values())}, "
          f"{final.reply_statuses.get('sending', 0)} recorded by Twilio's callback")

    assert web_process.poll() is None
    assert worker.poll() is None
    assert figures["spooled while refused"] > 0
    assert figures["spooled while frozen"] > 0
    # Every webhook taken at once, none refused, none left hanging past Twilio's 15 s.
    assert set(answered) == {200}, answered
    assert talking.users.answers.resent == 0
    # Stored once, one turn each, answered, nothing doubled, each user's order kept.
    assert final.inbound == sent
    assert final.doubled_inbound == 0
    assert final.inbound_by_phone == final.versions_by_phone
    assert final.inbound_without_reply == 0
    assert all(ks == list(range(len(ks))) for ks in order.values()), order
    assert set(sends.values()) == {1}  # no reply sent twice
    assert sum(sends.values()) == final.replies  # and none left unsent
    assert after.reply_statuses == {"sent": final.replies}


async def test_without_a_writable_spool_a_hung_or_refused_database_is_a_503_within_the_bound(
        clean_postgres_url: str, twilio: FakeTwilio, spawned: Spawned) -> None:
    proxy = Proxy(spawned, free_port(), make_url(clean_postgres_url).port or 5432)
    no_spool = spawned.work / "no-spool"
    no_spool.write_text("a file where the spool's directory should be")
    settings = bobby_settings(through(proxy, clean_postgres_url), twilio, no_spool)
    _, web = spawned.web(settings)
    number = phone(400)

    async def post(client: httpx.AsyncClient, sid: str) -> httpx.Response:
        params = inbound("hi", sid, number)
        return await client.post(web + PATH, data=params,
                                 headers={"X-Twilio-Signature": sign(PUBLIC + PATH, params)})

    async with httpx.AsyncClient(timeout=14.0) as client:  # a hang fails the test
        assert (await post(client, "SMbound1")).status_code == 200
        for fault, heal in ((proxy.freeze, proxy.thaw), (proxy.refuse, proxy.start)):
            fault()
            try:
                refused = await post(client, "SMbound2")
                ready = await client.get(web + "/ready")
            finally:
                heal()
            assert is_problem(refused, 503), refused.text
            assert refused.headers["retry-after"] == "5"
            assert is_problem(ready, 503)
            for _ in range(100):  # the same message again, as a resend, until it is taken
                if (await post(client, "SMbound2")).status_code == 200:
                    break
                await asyncio.sleep(0.2)
            assert (await client.get(web + "/ready")).status_code == 200
    with psycopg.connect(libpq_dsn(clean_postgres_url), autocommit=True) as conn:
        stored = conn.execute(b"SELECT provider_message_id FROM messages "
                              b"WHERE direction = 'inbound' ORDER BY seq").fetchall()
    assert [s for (s,) in stored] == ["SMbound1", "SMbound2"]
