from pathlib import Path

import pytest
from litestar.testing import TestClient

from bobby_http.app import create_app
from bobby_main.container import InMemoryModule, build_container
from tests.integration.http_support import PHONE, PUBLIC, TOKEN, settings
from tests.integration.pipeline_support import Door

pytestmark = pytest.mark.integration


async def test_a_burnout_chart_is_drawn_stored_and_served_by_the_app(tmp_path: Path) -> None:
    container = build_container(
        settings(twilio_auth_token=TOKEN, public_base_url=PUBLIC, media_dir=str(tmp_path)),
        InMemoryModule())
    door = Door(container)
    replies = []
    for text in ["hi", "yes", "4", *["3"] * 12]:
        replies = list((await door.send(text, phone=PHONE)).replies)
    [url] = [r.media_url for r in replies if r.media_url]
    assert url.startswith(f"{PUBLIC}/media/")
    with TestClient(create_app(container)) as client:
        served = client.get(url.removeprefix(PUBLIC))
        assert served.status_code == 200
        assert served.content.startswith(b"\x89PNG\r\n\x1a\n")
        assert client.get("/media/../../etc/passwd").status_code == 404
