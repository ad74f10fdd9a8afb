"""The Twilio adapter's pure pieces: which codes are permanent, and base-URL rewriting."""

from __future__ import annotations

import pytest

from bobby_adapters.twilio.errors import refusal
from bobby_adapters.twilio.http_client import parse_base_url, rebase

MESSAGES = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"
TYPING = "https://messaging.twilio.com/v2/Indicators/Typing.json"


@pytest.mark.parametrize("code", [21211, 21408, 21610, 21614, 21617, 63016, 63024])
def test_refusals_no_retry_can_fix_are_permanent(code: int) -> None:
    assert refusal(400, code).permanent


@pytest.mark.parametrize("code", [20429, 20500, 63018, None])
def test_everything_else_may_be_retried(code: int | None) -> None:
    assert not refusal(400, code).permanent


@pytest.mark.parametrize(("status", "code", "permanent"), [
    (429, 20429, False), (429, None, False), (500, 20500, False), (503, None, False),
    (401, 20003, True), (400, 21211, True), (400, 63016, True), (400, 12345, False),
])
def test_refusal_policy(status: int, code: int | None, permanent: bool) -> None:
    error = refusal(status, code)
    assert error.permanent is permanent
    assert error.code == (str(code) if code is not None else None)


def test_both_twilio_hosts_are_rebased_onto_one_gateway() -> None:
    base = parse_base_url("http://127.0.0.1:9000")
    assert rebase(MESSAGES, base) == "http://127.0.0.1:9000/2010-04-01/Accounts/AC1/Messages.json"
    assert rebase(TYPING, base) == "http://127.0.0.1:9000/v2/Indicators/Typing.json"


def test_a_gateway_path_prefix_is_kept_and_the_query_too() -> None:
    base = parse_base_url("https://gw.example/twilio/")
    assert rebase(MESSAGES + "?PageSize=1", base) == (
        "https://gw.example/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=1")


def test_without_a_base_url_twilios_hosts_are_kept() -> None:
    assert rebase(TYPING, None) == TYPING


@pytest.mark.parametrize("url", ["gw.example", "ftp://gw.example", "https://gw.example?x=1"])
def test_a_base_url_must_be_http_with_a_host(url: str) -> None:
    with pytest.raises(ValueError, match="TWILIO_API_BASE_URL"):
        parse_base_url(url)
