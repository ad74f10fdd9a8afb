"""`/schema` works offline: every script and style the page loads is served by Bobby itself, and
the schema names the Studio flows and steps (issue 17 item 7)."""

from __future__ import annotations

import re

import pytest
from litestar.testing import TestClient

from bobby_core.flows import default_registry
from tests.integration.http_support import wire

pytestmark = pytest.mark.integration


def test_the_api_docs_page_loads_nothing_from_outside() -> None:
    app, _ = wire()
    with TestClient(app) as client:
        page = client.get("/schema")
        assert page.status_code == 200
        assert "SwaggerUIBundle" in page.text
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources
        for source in sources:
            assert source.startswith("/"), f"loaded from outside: {source}"
            assert not source.startswith("//")
            fetched = client.get(source)
            assert fetched.status_code == 200, source
            assert fetched.content


def test_the_schema_lists_the_studio_flows_and_their_steps() -> None:
    app, _ = wire()
    with TestClient(app) as client:
        schema = client.get("/schema/openapi.json").json()
    described = schema["info"]["description"]
    assert "/studio/steps/{flow}/{step}" in described
    assert "`burnout` (Burnout check): `item_01`" in described
    assert "`reflect`" in described
    for flow in default_registry().exercises():
        assert f"`{flow.id}`" in described


def test_the_favicon_is_served() -> None:
    app, _ = wire()
    with TestClient(app) as client:
        icon = client.get("/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.content.startswith(b"<svg")
