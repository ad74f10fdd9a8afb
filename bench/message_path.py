"""The files one WhatsApp message crosses, from the signed webhook to the reply handed to Twilio.

Bobby runs in this process as `bobby serve` runs it (the production wiring on a SQLite file, the
in-process queue, the offline model) and sends its replies to a fake Twilio API in another
process. A user first consents and starts Reflect (not measured); then every Python function called in
Bobby's own packages is noted while one more message (the event Reflect asks for, which a model
step answers) goes through the webhook, the inbox, the queue, the turn and the outbox, until the
fake Twilio has the reply. The web app and the worker share this one thread and event loop.
Prints the files in the order the message first reached them, by package, and the count.

Run: `.venv/bin/python bench/message_path.py` (a few seconds; no database server needed)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bench.support import signing  # noqa: E402
from bench.support.procs import Processes, clean_env, free_port, python_module  # noqa: E402

SRC = str(ROOT / "src") + os.sep
PHONE = signing.phone(1)
WAIT_SECONDS = 30.0
WARM_UP = ("hi", "yes", "2")
"""First contact, consent, then Reflect chosen from the menu (it asks for an event)."""
MEASURED = "My manager criticised my report in front of the whole team"
"""The event: screened, then the belief loop's model step opens."""


class Crossed:
    """The source files under src/ whose functions ran, in the order they first ran."""

    def __init__(self) -> None:
        self.files: dict[str, None] = {}

    def note(self, frame: FrameType, event: str, arg: Any) -> None:
        name = frame.f_code.co_filename
        if event == "call" and name.startswith(SRC) and name not in self.files:
            self.files[name] = None

    @contextmanager
    def watching(self) -> Iterator[None]:
        threading.setprofile(self.note)
        sys.setprofile(self.note)
        try:
            yield
        finally:
            sys.setprofile(None)
            threading.setprofile(None)


def pending(database: Path) -> int:
    """Inbound messages whose turn has not run, and replies not yet handed to Twilio."""
    with sqlite3.connect(database) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM messages WHERE (direction = 'inbound' AND handled_at IS NULL) "
            "OR (direction = 'outbound' AND status IN ('queued', 'sending'))").fetchone()
    return int(count)


async def settle(app: httpx.AsyncClient, database: Path, signer: signing.Signer, text: str,
                 path: Crossed | None = None) -> None:
    """Send one signed webhook; return once its turn ran and every reply was handed over."""
    signed = signer.inbound(PHONE, text)
    with path.watching() if path is not None else _nothing():
        answer = await app.post(signing.INBOUND_PATH, content=signed.body, headers={
            "X-Twilio-Signature": signed.signature,
            "Content-Type": "application/x-www-form-urlencoded"})
        if answer.status_code != 200:
            raise SystemExit(f"webhook answered {answer.status_code}")
        deadline = time.monotonic() + WAIT_SECONDS
        while pending(database):
            if time.monotonic() > deadline:
                raise SystemExit("the message was not answered in time")
            await asyncio.sleep(0.01)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


async def main() -> None:
    port = free_port()
    fake = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp, Processes(Path(tmp)) as procs:
        twilio = procs.start("fake-twilio", python_module(
            "bench.support.fake_twilio", "--port", str(port), "--account-sid", signing.ACCOUNT_SID,
            "--auth-token", signing.AUTH_TOKEN), env=clean_env(), cwd=ROOT)
        twilio.wait_http(f"{fake}/_bench/stats")
        database = Path(tmp) / "bobby.db"
        os.environ.update({
            "DATABASE_URL": f"sqlite:///{database}", "TWILIO_ACCOUNT_SID": signing.ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": signing.AUTH_TOKEN, "WHATSAPP_NUMBER": signing.WHATSAPP_NUMBER,
            "PUBLIC_BASE_URL": signing.PUBLIC_BASE_URL, "TWILIO_API_BASE_URL": fake,
            "MEDIA_DIR": f"{tmp}/media", "LOG_LEVEL": "WARNING"})
        from bobby_http.app import create_app
        from bobby_main.asgi import resources
        from bobby_main.container import build_container
        from bobby_main.db_cli import upgrade_database
        from bobby_main.settings import Settings

        settings = Settings(_env_file=None)
        await upgrade_database(settings.database_url)
        container = build_container(settings)
        # One event loop, one thread: the web app and the worker run here, so every call is seen.
        transport = httpx.ASGITransport(app=create_app(container, lifespan=[]))  # type: ignore[arg-type]
        async with resources(container, worker=True), httpx.AsyncClient(
                transport=transport, base_url=signing.PUBLIC_BASE_URL) as app:
            signer = signing.Signer()
            for text in WARM_UP:
                await settle(app, database, signer, text)
            path = Crossed()
            await settle(app, database, signer, MEASURED, path)
    report(path)


def report(path: Crossed) -> None:
    files = [f[len(SRC):] for f in path.files]
    print("Files one message crossed (Reflect's event, answered by a model step), webhook to "
          "Twilio, in first-call order:")
    for package in ("bobby_http", "bobby_core", "bobby_adapters", "bobby_main"):
        mine = [f for f in files if f.startswith(package + os.sep)]
        print(f"  {package} ({len(mine)}): " + ", ".join(f[len(package) + 1:] for f in mine))
    print(f"files: {len(files)}")


if __name__ == "__main__":
    asyncio.run(main())
