from pathlib import Path

import pytest
from litestar.testing import TestClient

from bobby_core.use_cases.handle_inbound_message import (
    HandleInboundMessage,
    HandleInboundMessageCommand,
)
from bobby_http.app import create_app
from bobby_main.container import InMemoryModule, build_container
from tests.integration.http_support import PHONE, PUBLIC, TOKEN, settings

pytestmark = pytest.mark.integration


async def test_a_burnout_chart_is_drawn_stored_and_served_by_the_app(tmp_path: Path) -> None:
    container = build_container(
        settings(twilio_auth_token=TOKEN, public_base_url=PUBLIC, media_dir=str(tmp_path)),
        InMemoryModule())
    handle = container.get(HandleInboundMessage)
    replies = []
    for text in ["hi", "yes", "4", *["3"] * 12]:
        result = await handle.execute(HandleInboundMessageCommand(
            sender=f"whatsapp:{PHONE}", text=text))
        replies = list(result.replies)
    [url] = [r.media_url for r in replies if r.media_url]
    assert url.startswith(f"{PUBLIC}/media/")
    with TestClient(create_app(container)) as client:
        served = client.get(url.removeprefix(PUBLIC))
        assert served.status_code == 200
        assert served.content.startswith(b"\x89PNG\r\n\x1a\n")
        assert client.get("/media/../../etc/passwd").status_code == 404
