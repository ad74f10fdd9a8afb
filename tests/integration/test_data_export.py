"""`export my data` on a real database and the real app: the chat's link downloads the
decrypted JSON once (then 410), a forged one is 404, both as problem+json; `bobby users export
PHONE` writes the same document."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from injector import Injector
from litestar.testing import TestClient

from bobby_http.app import create_app
from bobby_main.asgi import resources
from bobby_main.cli import main
from bobby_main.container import OfflineModule, build_container
from bobby_main.settings import Settings
from tests.integration.http_support import is_problem
from tests.integration.pipeline_support import Door, RecordingMessengerModule

pytestmark = pytest.mark.integration

PHONE = "+447700900123"
PUBLIC = "https://bobby.example"
KEY = Fernet.generate_key().decode()
SECRET = "my manager shouts at me every morning"


def values(database_url: str, media: Path) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "PUBLIC_BASE_URL": PUBLIC,
            "DATA_ENCRYPTION_KEY": KEY, "MEDIA_DIR": str(media)}


@pytest.fixture
async def container(database_url: str, tmp_path: Path) -> AsyncIterator[Injector]:
    given: dict[str, Any] = {k.lower(): v for k, v in values(database_url, tmp_path).items()}
    built = build_container(Settings(_env_file=None, **given), OfflineModule(),
                            RecordingMessengerModule())
    async with resources(built, worker=False):
        yield built


async def chat_link(door: Door) -> str:
    for words in ["hi", "yes", "Reflect", SECRET]:
        await door.send(words)
    reply = "\n".join(r.body for r in (await door.send("export my data")).replies)
    found = re.search(re.escape(PUBLIC) + r"(/exports/\S+)", reply)
    assert found is not None, reply
    return found.group(1)


async def test_the_chat_link_downloads_everything_once(container: Injector) -> None:
    path = await chat_link(Door(container))
    with TestClient(create_app(container)) as client:
        forged = client.post(path[:-3] + "abc")
        client_get_forged = client.get(path[:-3] + "abc")
        previews = [client.get(path) for _ in range(3)]  # a link preview only looks
        first = client.post(path)
        second = client.post(path)
        after = client.get(path)
    assert is_problem(forged, 404)
    assert is_problem(client_get_forged, 404)
    assert all(p.status_code == 200 and "Download my data" in p.text for p in previews)
    assert first.status_code == 200, first.text
    assert first.headers["cache-control"] == "no-store"
    assert "attachment" in first.headers["content-disposition"]
    document = first.json()
    assert document["phone"] == PHONE
    bodies = [m["body"] for m in document["tables"]["messages"]]
    assert SECRET in bodies  # decrypted: the column itself holds ciphertext
    assert document["tables"]["users"][0]["id"] == document["user_id"]
    assert is_problem(second, 410, "used")
    assert is_problem(after, 410, "used")  # the page says so at once, not a dead button


async def test_a_person_opening_a_used_or_forged_link_gets_a_page_saying_so(
        container: Injector) -> None:
    path = await chat_link(Door(container))
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    with TestClient(create_app(container)) as client:
        assert client.post(path, headers=browser).status_code == 200
        again = client.post(path, headers=browser)  # the button, in a second tab
        page = client.get(path, headers=browser)
        forged = client.get(path[:-3] + "abc", headers=browser)
    for response, status in ((again, 410), (page, 410), (forged, 404)):
        assert response.status_code == status
        assert response.headers["content-type"].startswith("text/html")
        assert "export my data" in response.text
    assert "used" in page.text
    assert "does not work" in forged.text


async def test_the_operator_exports_the_same_document(container: Injector, database_url: str,
                                                      tmp_path: Path, capsys: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    await chat_link(Door(container))
    for name, value in values(database_url, tmp_path).items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "export.json"
    assert await asyncio.to_thread(main, ["users", "export", PHONE, "-o", str(out)]) == 0
    written = json.loads(out.read_text())
    assert out.stat().st_mode & 0o077 == 0  # only its owner may read it
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["users", "export", PHONE]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["tables"] == written["tables"]
    assert SECRET in [m["body"] for m in written["tables"]["messages"]]
    assert await asyncio.to_thread(main, ["users", "export", "+447700900999"]) == 1
    assert "no user" in capsys.readouterr().err
