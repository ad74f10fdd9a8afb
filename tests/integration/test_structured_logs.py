"""Logs: one structured line per request with its request id, the job id and kind on worker
lines, and never a phone number, the user's words or a secret, through the real app."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from cryptography.fernet import Fernet
from litestar.testing import TestClient

from bobby_main.asgi import create_app
from bobby_main.logs import Redactor, UserHasher, configure_logging
from tests.conftest import migrate
from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import PHONE, TOKEN, inbound, settings, sign

pytestmark = pytest.mark.integration

PUBLIC = "https://bobby-logs.example"
ACCOUNT = "AC" + "7" * 32
OTHER_PHONE = "+447700900987"
SENTENCE = "my manager shouted at me again and I cried in the car park"


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def _reset_structlog() -> Iterator[None]:
    yield
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


def test_a_message_through_the_app_and_its_jobs_leaves_no_phone_or_words_in_the_logs(
        tmp_path: Path, twilio: FakeTwilio, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'bobby.db'}"
    migrate(url)
    app = create_app(settings(
        database_url=url, twilio_auth_token=TOKEN, twilio_account_sid=ACCOUNT,
        whatsapp_number="+14155238886", twilio_api_base_url=twilio.base_url,
        public_base_url=PUBLIC))
    params = inbound(f"call me on {OTHER_PHONE}, {SENTENCE}", "SM" + "4" * 32)
    with TestClient(app) as client:
        answered = client.post("/webhooks/twilio/messages", data=params, headers={
            "X-Twilio-Signature": sign(PUBLIC + "/webhooks/twilio/messages", params, TOKEN),
            "X-Request-ID": "req-from-router-1"})
        forged = client.post("/webhooks/twilio/messages", data=params,
                             headers={"X-Twilio-Signature": "forged"})
        deadline = time.monotonic() + 20
        while len(twilio.sent) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert answered.status_code == 200
    assert answered.headers["x-request-id"] == "req-from-router-1"
    assert forged.status_code == 403
    assert len(twilio.sent) >= 2  # the turn job ran and the send job delivered
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    requests = [line for line in lines if "bobby.http.access" in line]
    assert any("request_id=req-from-router-1" in line for line in requests)
    assert len(requests) == 2
    assert all("request_id=" in line for line in requests)
    jobs = [line for line in lines if "bobby.queue" in line and "done" in line]
    assert any("job_kind=turns" in line and "job_id=" in line for line in jobs)
    # The turn job sent its own replies (no send job was needed), still under its job id.
    for line in lines:
        for secret in (PHONE, PHONE.lstrip("+"), OTHER_PHONE, OTHER_PHONE.lstrip("+"),
                       "manager shouted", "car park", TOKEN):
            assert secret not in line, line


def test_production_writes_json_and_the_processor_masks_what_code_should_not_log(
        capsys: pytest.CaptureFixture[str]) -> None:
    key = Fernet.generate_key().decode()
    configure_logging(settings(bobby_env="production", data_encryption_key=key))
    log = logging.getLogger("bobby.test")
    log.warning("sending to whatsapp:%s (WaId %s)", PHONE, PHONE.lstrip("+"),
                extra={"body": SENTENCE, "twilio_auth_token": TOKEN, "phone": PHONE,
                       "attempt": 2})
    structlog.get_logger("bobby.test").info("native", to=PHONE, text=SENTENCE,
                                            authorization=f"Bearer {TOKEN}")
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [r["event"].split()[0] for r in records] == ["sending", "native"]
    first, second = records
    hashed = UserHasher.for_settings(settings(data_encryption_key=key))(PHONE)
    assert first["user"] == second["user"] == hashed  # one user, one name, in every line
    assert hashed in first["event"]
    assert first["attempt"] == 2
    assert first["level"] == "warning"
    assert first["logger"] == "bobby.test"
    assert "timestamp" in first
    assert first["twilio_auth_token"] == second["authorization"] == "[redacted]"
    for record in records:
        written = json.dumps(record)
        for secret in (PHONE, PHONE.lstrip("+"), SENTENCE, TOKEN):
            assert secret not in written


def test_the_hash_is_keyed_stable_and_ignores_formatting() -> None:
    one, other = UserHasher(b"k" * 32), UserHasher(b"j" * 32)
    assert one("+44 7700 900123") == one("whatsapp:+447700900123") == one(PHONE)
    assert one(PHONE) != other(PHONE)
    assert one(PHONE) != one(OTHER_PHONE)
    masked = Redactor(one)(None, "info", {"event": "job 12345 for 447700900123, SM" + "1" * 32})
    assert masked["event"] == f"job 12345 for {one(PHONE)}, SM{'1' * 32}"


def test_the_request_line_names_the_route_not_a_charts_secret_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'bobby.db'}"
    migrate(url)
    app = create_app(settings(database_url=url, media_dir=str(tmp_path)))
    name = "c" * 32 + ".png"
    with TestClient(app) as client:
        assert client.get(f"/media/{name}?phone=%2B447700900123").status_code == 404
    requests = [line for line in capsys.readouterr().err.splitlines() if "bobby.http.access" in line]
    assert len(requests) == 1
    assert "GET /media/{name} 404" in requests[0]
    assert name not in requests[0]
    assert "447700900123" not in requests[0]
