"""Chart links without PUBLIC_BASE_URL follow the address requests come in on, believing
X-Forwarded-Host/-Proto only from trusted proxies (issue 17 item 5)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from injector import Injector
from litestar import Litestar
from litestar.testing import TestClient

from bobby_core.ports import MediaStorage
from bobby_http.app import create_app
from bobby_main.asgi import lifespan_for
from bobby_main.container import InMemoryModule, build_container
from tests.integration.http_support import settings
from tests.integration.pipeline_support import RecordingMessengerModule

pytestmark = pytest.mark.integration
PHONE = "+12025550142"


def app_with(tmp_path: Path, **values: Any) -> tuple[Litestar, Injector]:
    container = build_container(
        settings(media_dir=str(tmp_path / "media"), twilio_auth_token=None, **values),
        InMemoryModule(), RecordingMessengerModule())
    return create_app(container, lifespan=[lifespan_for(container, worker=True)]), container


def link(container: Injector) -> str:
    return asyncio.run(container.get(MediaStorage).put(b"png", "image/png", ".png", "chartkey-0001-abcdef"))


def test_before_any_request_links_point_where_the_server_listens(tmp_path: Path) -> None:
    _, container = app_with(tmp_path, port=9123)
    assert link(container).startswith("http://127.0.0.1:9123/media/")


def test_links_follow_the_host_and_port_of_the_request(tmp_path: Path) -> None:
    app, container = app_with(tmp_path)
    with TestClient(app, base_url="http://bobby.local:9001") as client:
        assert client.get("/chat").status_code == 200
    assert link(container).startswith("http://bobby.local:9001/media/")


def test_health_checks_on_an_internal_address_teach_nothing(tmp_path: Path) -> None:
    app, container = app_with(tmp_path, port=9125)
    with TestClient(app, base_url="http://10.1.2.3:8000") as client:
        assert client.get("/health").status_code == 200
        assert client.get("/ready").status_code == 200
    assert link(container).startswith("http://127.0.0.1:9125/media/")


def test_a_trusted_proxy_says_the_public_scheme_and_host(tmp_path: Path) -> None:
    app, container = app_with(tmp_path, trusted_proxies="testclient")
    with TestClient(app, base_url="http://10.0.0.5:8000") as client:
        client.get("/chat", headers={"X-Forwarded-Proto": "https",
                                       "X-Forwarded-Host": "bobby.example.org"})
    assert link(container).startswith("https://bobby.example.org/media/")


def test_forwarded_headers_from_anyone_else_are_ignored(tmp_path: Path) -> None:
    app, container = app_with(tmp_path)  # trusts 127.0.0.1 and ::1; the test client is neither
    with TestClient(app, base_url="http://bobby.local:9001") as client:
        client.get("/chat", headers={"X-Forwarded-Proto": "https",
                                       "X-Forwarded-Host": "evil.example"})
    assert link(container).startswith("http://bobby.local:9001/media/")


def test_public_base_url_wins_over_the_request(tmp_path: Path) -> None:
    app, container = app_with(tmp_path, public_base_url="https://bobby.example.com")
    with TestClient(app, base_url="http://bobby.local:9001") as client:
        client.get("/chat")
    assert link(container).startswith("https://bobby.example.com/media/")


def test_the_burnout_chart_in_the_web_chat_links_to_this_server(tmp_path: Path) -> None:
    app, _ = app_with(tmp_path)
    with TestClient(app, base_url="http://bobby.local:9002") as client:
        for text in ["hi", "yes", "4", *["3"] * 12]:
            client.post("/chat/messages", json={"phone": PHONE, "text": text})
        deadline, media = time.monotonic() + 20, list[str]()
        while time.monotonic() < deadline and not media:
            lines = client.get("/chat/messages", params={"phone": PHONE}).json()["messages"]
            media = [line["media_url"] for line in lines if line.get("media_url")]
            time.sleep(0.1)
        assert media, "no chart came back"
        assert media[0].startswith("http://bobby.local:9002/media/")
        path = media[0].removeprefix("http://bobby.local:9002")
        assert client.get(path).content.startswith(b"\x89PNG")
