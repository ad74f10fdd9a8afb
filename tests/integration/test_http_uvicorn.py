"""The real server: uvicorn in a subprocess on a free loopback port, Twilio-signed posts as they
arrive behind ngrok (signed for the public URL, delivered to loopback)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import PHONE, inbound, messages, sign

pytestmark = pytest.mark.integration
TOKEN = "uvicorn-test-token"
ACCOUNT = "AC" + "5" * 32
SENDER = "+14155238886"
PUBLIC = "https://bobby-test.ngrok.example"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("TWILIO_", "OPENAI_", "STRIPE_", "BOBBY_", "PUBLIC_", "DATABASE_",
                                  "DATA_", "ALLOW_", "PORT", "HOST"))}
    return {**keep, "DATABASE_URL": f"sqlite:///{tmp_path / 'bobby.db'}", "BOBBY_ENV": "dev",
            "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": PUBLIC, **extra}


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(params=["uvicorn-factory", "bobby-serve"])
def server(request: pytest.FixtureRequest, tmp_path: Path,
           twilio: FakeTwilio) -> Iterator[tuple[str, Path]]:
    port = free_port()
    if request.param == "uvicorn-factory":
        command = [sys.executable, "-m", "uvicorn", "bobby_main.asgi:create_app", "--factory",
                   "--host", "127.0.0.1", "--port", str(port)]
    else:
        command = [str(BIN / "bobby"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = tmp_path / "server.log"
    env = server_env(tmp_path, TWILIO_ACCOUNT_SID=ACCOUNT, WHATSAPP_NUMBER=SENDER,
                     TWILIO_API_BASE_URL=twilio.base_url)
    migrate(tmp_path, env)
    with log.open("w") as out:
        # cwd is a temp dir so no developer .env leaks into the test
        process = subprocess.Popen(command, cwd=tmp_path, env=env,  # noqa: S603
                                   stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process)
            yield base, log
        finally:
            process.terminate()
            process.wait(timeout=10)


def migrate(cwd: Path, env: dict[str, str]) -> None:
    """Create the tables on the temp database, as `make run` does before serving."""
    done = subprocess.run([str(BIN / "bobby"), "db", "upgrade"], cwd=cwd, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("server did not come up within 30 s")


def post(base: str, params: dict[str, str], signature: str) -> httpx.Response:
    return httpx.post(f"{base}/webhooks/twilio/messages", content=urlencode(params), timeout=10,
                      headers={"Content-Type": "application/x-www-form-urlencoded",
                               "X-Twilio-Signature": signature})


def _sent_to(twilio: FakeTwilio, count: int, timeout: float = 20.0) -> list[dict[str, list[str]]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(twilio.sent) < count:
        time.sleep(0.05)
    return list(twilio.sent)


def test_a_signed_message_is_answered_at_once_and_the_replies_go_out_through_the_api(
        server: tuple[str, Path], twilio: FakeTwilio) -> None:
    base, log = server
    params = inbound("hi there, I feel a bit low today", "SM" + "9" * 32)
    good = sign(PUBLIC + "/webhooks/twilio/messages", params, TOKEN)
    first = post(base, params, good)
    again = post(base, params, good)
    forged = post(base, {**params, "Body": "menu"}, good)
    assert first.status_code == again.status_code == 200
    assert first.headers["content-type"].startswith("application/xml")
    assert messages(first.text) == messages(again.text) == []
    assert forged.status_code == 403
    assert forged.headers["content-type"].startswith("application/problem+json")
    sent = _sent_to(twilio, 2)
    assert [form["To"] for form in sent] == [[f"whatsapp:{PHONE}"]] * 2
    assert "automated well-being companion" in sent[0]["Body"][0]
    time.sleep(1.0)
    assert len(twilio.sent) == 2  # the retried MessageSid was one turn, one set of sends
    # Twilio reports delivery to the callback URL the reply carried, signed for the public URL.
    callback = sent[0]["StatusCallback"][0]
    assert callback.startswith(PUBLIC + "/webhooks/twilio/status?ref=")
    form = twilio.status_callback_form(twilio.sid_of(1), "delivered", to=f"whatsapp:{PHONE}",
                                       from_=f"whatsapp:{SENDER}")
    reported = httpx.post(base + callback.removeprefix(PUBLIC), data=form, timeout=10,
                          headers={"X-Twilio-Signature": twilio.sign(callback, form)})
    assert reported.status_code == 204
    assert httpx.get(f"{base}/ready", timeout=5).json()["status"] == "ok"
    written = log.read_text()
    assert "signatures are NOT checked" not in written
    for secret in (PHONE, PHONE.lstrip("+"), "feel a bit low", TOKEN):
        assert secret not in written


def test_bobby_serve_refuses_production_without_a_twilio_token(tmp_path: Path) -> None:
    # Everything else production needs is there, so the one missing setting is the one line.
    env = server_env(tmp_path, BOBBY_ENV="production", ALLOW_PLAINTEXT="true",
                     DATABASE_URL="postgresql://postgres@127.0.0.1:1/unused")
    del env["TWILIO_AUTH_TOKEN"]
    done = subprocess.run([str(BIN / "bobby"), "serve", "--port", str(free_port())],  # noqa: S603
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "TWILIO_AUTH_TOKEN" in done.stderr
