"""schemathesis against /schema: every route, generated good and bad input, with the webhook
signatures checked and without. No answer is a 5xx, and every error is problem+json whose
`status` is the HTTP status."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.integration.http_support import TOKEN, wire

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SIGNED_APP, _ = wire(TOKEN)
OPEN_APP, _ = wire(None, None)  # dev without a token: generated bodies reach the handlers
signed = schemathesis.openapi.from_asgi("/schema/openapi.json", SIGNED_APP)
unsigned = schemathesis.openapi.from_asgi("/schema/openapi.json", OPEN_APP)
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
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
