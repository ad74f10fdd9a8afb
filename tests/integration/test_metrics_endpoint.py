"""/metrics through the real app: behind a bearer token (404 with none configured), and it
counts what a real message did (turns, sends, rejections, queue depth)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from bobby_main.asgi import create_app
from tests.conftest import migrate
from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import TOKEN, inbound, settings, sign

pytestmark = pytest.mark.integration

PUBLIC = "https://bobby-metrics.example"
ACCOUNT = "AC" + "8" * 32


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


def _app(tmp_path: Path, twilio: FakeTwilio, **values: Any) -> Any:
    url = f"sqlite:///{tmp_path / 'bobby.db'}"
    migrate(url)
    return create_app(settings(
        database_url=url, twilio_auth_token=TOKEN, twilio_account_sid=ACCOUNT,
        whatsapp_number="+14155238886", twilio_api_base_url=twilio.base_url,
        public_base_url=PUBLIC, **values))


def test_without_a_token_there_is_no_metrics_route(tmp_path: Path, twilio: FakeTwilio) -> None:
    with TestClient(_app(tmp_path, twilio)) as client:
        assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("setting", ["metrics_token", "admin_token"])
def test_metrics_need_the_bearer_token_and_count_a_real_message(
        tmp_path: Path, twilio: FakeTwilio, setting: str) -> None:
    secret = "scrape-" + "s" * 24
    params = inbound("hello there", "SM" + "6" * 32)
    with TestClient(_app(tmp_path, twilio, **{setting: secret})) as client:
        assert client.get("/metrics").status_code == 401
        wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.headers["content-type"].startswith("application/problem+json")
        assert client.get("/metrics", headers={"Authorization": secret}).status_code == 401
        client.post("/webhooks/twilio/messages", data=params, headers={
            "X-Twilio-Signature": sign(PUBLIC + "/webhooks/twilio/messages", params, TOKEN)})
        client.post("/webhooks/twilio/messages", data=params,
                    headers={"X-Twilio-Signature": "forged"})
        deadline = time.monotonic() + 20
        while len(twilio.sent) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        scraped = client.get("/metrics", headers={"Authorization": f"Bearer {secret}"})
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    text = scraped.text
    for line in ['bobby_turns_total{outcome="answered"} 1.0',
                 'bobby_sends_total{status="sent"} 2.0',
                 'bobby_webhook_rejections_total{reason="signature"} 1.0',
                 'bobby_queue_depth{queue="inbound_waiting"} 0.0',
                 'bobby_queue_depth{queue="outbound_unsent"} 0.0',
                 "bobby_turn_seconds_count 1.0"]:
        assert line in text, line
    for family in ("bobby_model_call_seconds", "bobby_model_tokens", "bobby_model_errors",
                   "bobby_job_failures"):
        assert f"# TYPE {family}" in text
