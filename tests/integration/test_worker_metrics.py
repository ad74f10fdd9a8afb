"""The split deployment is watched from both sides: `bobby worker --metrics-port` serves the
turns, model calls, sends and queue depth it counts, behind the same tokens as the web's
/metrics (which never sees those turns)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import PUBLIC, TOKEN
from tests.integration.processes import Spawned, free_port, wait_http
from tests.integration.traffic import WALK, Users, phone, settled

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

ACCOUNT = "AC" + "8" * 32
SCRAPER = "scraper-token-0123456789"
BEARER = {"Authorization": f"Bearer {SCRAPER}"}


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


def value(text: str, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels`."""
    total = 0.0
    for line in text.splitlines():
        match = re.match(rf"^{name}(?:\{{([^}}]*)\}})? (\S+)$", line)
        if match and all(f'{k}="{v}"' in (match.group(1) or "") for k, v in labels.items()):
            total += float(match.group(2))
    return total


async def test_the_worker_serves_its_own_metrics_behind_the_token(
        clean_postgres_url: str, twilio: FakeTwilio, spawned: Spawned) -> None:
    settings = {"DATABASE_URL": clean_postgres_url, "BOBBY_ENV": "dev",
                "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": TOKEN,
                "WHATSAPP_NUMBER": "+14155238886", "TWILIO_API_BASE_URL": twilio.base_url,
                "PUBLIC_BASE_URL": PUBLIC, "METRICS_TOKEN": SCRAPER,
                "SPOOL_DIR": str(spawned.work / "spool")}
    _, web = spawned.web(settings)
    port = free_port()
    worker = spawned.bobby("worker", "--metrics-port", str(port), name="worker", **settings)
    scrape = f"http://127.0.0.1:{port}/metrics"
    await asyncio.to_thread(wait_http, worker, scrape, spawned.log_of("worker"))
    await Users(web).walk([phone(500), phone(501)], script=WALK[:4])
    await settled(clean_postgres_url, 8, within=60)

    async with httpx.AsyncClient(timeout=10) as client:
        refused = await client.get(scrape)
        wrong = await client.get(scrape, headers={"Authorization": "Bearer guess"})
        worker_text = (await client.get(scrape, headers=BEARER)).text
        web_text = (await client.get(web + "/metrics", headers=BEARER)).text
    assert refused.status_code == wrong.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert value(worker_text, "bobby_turns_total", outcome="answered") == 8
    assert value(worker_text, "bobby_model_call_seconds_count") > 0
    assert value(worker_text, "bobby_sends_total", status="sent") > 0
    assert 'bobby_queue_depth{queue="inbound_waiting"} 0.0' in worker_text
    assert value(web_text, "bobby_turns_total") == 0  # why the worker needs its own


def test_without_a_token_the_workers_port_has_no_metrics(
        clean_postgres_url: str, spawned: Spawned) -> None:
    port = free_port()
    worker = spawned.bobby("worker", name="worker", DATABASE_URL=clean_postgres_url,
                           METRICS_PORT=str(port))
    scrape = f"http://127.0.0.1:{port}/metrics"
    wait_http(worker, scrape, spawned.log_of("worker"))
    assert httpx.get(scrape, headers=BEARER, timeout=10).status_code == 404
