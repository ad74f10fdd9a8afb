"""schemathesis against /schema: every route, generated good and bad input, with the webhook
signatures checked and without. No answer is a 5xx, and every error is problem+json whose
`status` is the HTTP status."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as examples
from litestar import Litestar
from schemathesis.checks import not_a_server_error

from bobby_http.app import create_app
from bobby_main.container import InMemoryModule, build_container
from tests.integration.http_support import PUBLIC, TOKEN, settings
from tests.integration.pipeline_support import RecordingMessengerModule

pytestmark = [pytest.mark.integration, pytest.mark.slow]
# `schema.parametrize()` needs schemathesis's pytest plugin, which pyproject.toml keeps from
# loading by itself (`-p no:schemathesis`) so that every other run starts without it.
pytest_plugins = ["schemathesis.pytest.plugin"]



def app(token: str | None) -> Litestar:
    """The app in memory, without its worker: schemathesis keeps an app it started for the
    rest of the process, and only the answers matter here."""
    container = build_container(settings(twilio_auth_token=token, public_base_url=PUBLIC),
                                InMemoryModule(), RecordingMessengerModule())
    return create_app(container)


signed = schemathesis.openapi.from_asgi("/schema/openapi.json", app(TOKEN))
# Dev without a token: generated bodies reach the handlers.
unsigned = schemathesis.openapi.from_asgi("/schema/openapi.json", app(None))
FUZZ = examples(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


def call(case: Any) -> Any:
    """The case's request, answered without a 5xx, and with a problem if it is an error."""
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        assert response.headers["content-type"][0].startswith("application/problem+json"), (
            response.status_code, response.headers)
        assert response.json()["status"] == response.status_code
    return response


@unsigned.parametrize()
@FUZZ
def test_every_route_without_signatures_answers_without_a_5xx(case: Any) -> None:
    call(case)


@signed.parametrize()
@FUZZ
def test_every_route_with_signatures_answers_without_a_5xx(case: Any) -> None:
    response = call(case)
    if case.method == "POST" and case.path.startswith(("/webhooks/twilio", "/studio")):
        # Nothing generated carries a valid signature: refused (403, or 400 when the body is
        # not even a form) before any handler runs.
        assert 400 <= response.status_code < 500, (case.method, case.path)
