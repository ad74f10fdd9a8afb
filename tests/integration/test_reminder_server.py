"""The real server process: a user asks for a reminder in 2 days over signed webhooks; the
server is restarted with its clock moved past the reminder's time (2 days on, moved out of
quiet hours) and sends exactly one nudge, as the approved template (the user is outside the
24-hour window by then), through the Twilio API."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests import flow_words as words
from tests.integration.fake_twilio import FakeTwilio
from tests.integration.http_support import inbound, sign
from tests.integration.test_http_uvicorn import (
    ACCOUNT,
    BIN,
    PUBLIC,
    SENDER,
    TOKEN,
    free_port,
    migrate,
    post,
    server_env,
    wait_until_up,
)

pytestmark = pytest.mark.integration
TEMPLATE = "HX" + "c" * 32
PHONE = "+447700900444"
WALK = ["hi", "yes", "2", "My manager criticised my report today",
        "I always get things wrong and everyone notices",
        "I did get good feedback last month though",
        "I'd tell a friend one mistake doesn't define them",
        "Maybe he was simply stressed, not angry at me", "4", "yes", "2", "skip"]


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio(ACCOUNT, TOKEN).start()
    yield fake
    fake.stop()


@contextmanager
def serving(tmp_path: Path, twilio: FakeTwilio, **extra: str) -> Iterator[str]:
    port = free_port()
    env = server_env(tmp_path, TWILIO_ACCOUNT_SID=ACCOUNT, WHATSAPP_NUMBER=SENDER,
                     TWILIO_API_BASE_URL=twilio.base_url, TWILIO_REMINDER_CONTENT_SID=TEMPLATE,
                     **extra)
    with (tmp_path / f"server-{port}.log").open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command
            [str(BIN / "bobby"), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=15)


def wait_for(check: object, timeout: float = 30.0) -> None:
    assert callable(check)
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("not within the time allowed")
        time.sleep(0.05)


def stored_due_time(database: Path) -> datetime:
    with contextlib.closing(sqlite3.connect(database)) as db:
        (due,) = db.execute("SELECT due_at FROM reminders WHERE status = 'pending'").fetchone()
    return datetime.fromisoformat(due).replace(tzinfo=UTC)


def test_the_server_moved_two_days_on_sends_one_reminder_as_the_template(
        tmp_path: Path, twilio: FakeTwilio) -> None:
    migrate(tmp_path, server_env(tmp_path))
    asked = datetime.now(UTC)  # before the turn that sets the reminder, however long it takes
    with serving(tmp_path, twilio) as base:
        for n, text in enumerate(WALK):
            before = len(twilio.sent)
            params = inbound(text, f"SM{'a' * 24}{n:08d}", phone=PHONE)
            answer = post(base, params, sign(PUBLIC + "/webhooks/twilio/messages", params, TOKEN))
            assert answer.status_code == 200
            wait_for(lambda before=before: len(twilio.sent) > before)
            time.sleep(0.3)  # the rest of this turn's replies
        said = " ".join(form.get("Body", [""])[0] for form in twilio.sent)
        in_two_days = words.flow_text("reminder_offer", "when_days", days=2, time="\0")
        assert in_two_days.split("\0")[0] in said
    replies = len(twilio.sent)
    due = stored_due_time(tmp_path / "bobby.db")
    assert timedelta(days=2) <= due - asked <= timedelta(days=2, hours=12)  # quiet hours move it
    moved_on = str((due - datetime.now(UTC)).total_seconds() + 60)
    with serving(tmp_path, twilio, CLOCK_OFFSET_SECONDS=moved_on):
        wait_for(lambda: len(twilio.sent) > replies)
        time.sleep(3)  # a periodic sweep or two: nothing more goes out
    [nudge] = twilio.sent[replies:]
    assert nudge["ContentSid"] == [TEMPLATE]
    assert json.loads(nudge["ContentVariables"][0]) == {"1": "Sam", "2": "Reflect"}
    assert "Body" not in nudge
    assert nudge["To"] == ["whatsapp:" + PHONE]
