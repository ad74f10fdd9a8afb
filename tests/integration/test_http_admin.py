"""/admin behind ADMIN_TOKEN on a real database: refused without it (401 problem+json for the
API, the login form for pages), absent without a token configured, the cookie's flags, the
numbers of every section, hostile feedback escaped and no message text anywhere."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from bobby_http.admin.routes import LOGIN_ATTEMPTS_PER_MINUTE
from bobby_http.app import create_app
from bobby_main.container import build_container
from bobby_main.settings import Settings
from tests.integration.admin_support import (
    ADMIN_TOKEN,
    CRISIS_TEXT,
    HOSTILE,
    post_admin_form,
    seed,
)
from tests.integration.http_support import is_problem

pytestmark = pytest.mark.integration

SECTIONS = ("users", "funnels", "feel-after", "feedback", "safety", "deliveries", "usage",
            "guard", "erasures")
BEARER = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def app_for(database_url: str, **values: Any) -> Litestar:
    return create_app(build_container(Settings(_env_file=None, database_url=database_url,
                                               **values)))


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[TestClient[Litestar]]:
    await seed(database_url)
    with TestClient(app_for(database_url, admin_token=ADMIN_TOKEN, model_input_price=1.0,
                            model_output_price=2.0),
                    base_url="https://admin.example") as test_client:
        yield test_client


def test_without_a_token_configured_there_is_no_admin(sqlite_url: str) -> None:
    with TestClient(app_for(sqlite_url)) as client:
        for path in ("/admin", "/admin/login", "/admin/users", "/admin/api/users"):
            assert client.get(path, headers=BEARER).status_code == 404


def test_the_api_refuses_without_the_token(client: TestClient[Litestar]) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": ADMIN_TOKEN}):
        refused = client.get("/admin/api/users", headers=headers)
        assert is_problem(refused, 401, "ADMIN_TOKEN")
        assert refused.headers["www-authenticate"] == "Bearer"


def test_pages_show_the_login_form_without_a_session(client: TestClient[Litestar]) -> None:
    for path in ("/admin", *(f"/admin/{s}" for s in SECTIONS)):
        refused = client.get(path)
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("text/html")
        assert 'action="/admin/login"' in refused.text
        assert "Very calming" not in refused.text


def test_signing_in_sets_a_strict_cookie_that_opens_the_pages(client: TestClient[Litestar]) -> None:
    assert 'action="/admin/login"' in client.get("/admin/login").text
    wrong = post_admin_form(client, "/admin/login", token="guess")
    assert wrong.status_code == 401
    assert "not the admin token" in wrong.text
    signed = post_admin_form(client, "/admin/login", token=ADMIN_TOKEN)
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    for flag in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/admin"):
        assert flag.lower() in cookie.lower()
    assert ADMIN_TOKEN not in cookie
    for section in SECTIONS:
        page = client.get(f"/admin/{section}")
        assert page.status_code == 200, section
        assert page.headers["cache-control"] == "no-store"
        assert CRISIS_TEXT not in page.text
    usage = client.get("/admin/usage").text
    assert "$0.0032 in all" in usage  # every attempt: the cut one and the risk check too
    assert "1 of 3 attempts estimated" in usage
    assert "timed out" in usage
    assert client.get("/admin/nothing-here").status_code == 404
    post_admin_form(client, "/admin/logout")
    assert client.get("/admin/users").status_code == 401


def test_guesses_at_the_token_are_limited_then_refused_even_when_right(
        client: TestClient[Litestar], caplog: pytest.LogCaptureFixture) -> None:
    for _ in range(LOGIN_ATTEMPTS_PER_MINUTE):
        assert post_admin_form(client, "/admin/login", token="guess").status_code == 401
    with caplog.at_level(logging.INFO, logger="bobby.http.access"):
        # Another test file in this worker may have left the access log at INFO already.
        caplog.clear()
        refused = post_admin_form(client, "/admin/login", token=ADMIN_TOKEN)
    assert is_problem(refused, 429)
    # The access line says what the client got, on the whole path: no 5xx alert on a guesser.
    assert [r.getMessage() for r in caplog.records if r.name == "bobby.http.access"] == [
        "POST /admin/login 429"]
    assert int(refused.headers["ratelimit-reset"]) <= 60  # seconds until a new try counts
    assert "set-cookie" not in refused.headers
    assert client.get("/admin/users").status_code == 401
    # The bearer header (the API, scripts) is not the login form: it is not counted.
    assert client.get("/admin/api/users", headers=BEARER).status_code == 200


def test_the_overview_counts_the_reply_guards_decisions_per_kind(
        client: TestClient[Litestar]) -> None:
    post_admin_form(client, "/admin/login", token=ADMIN_TOKEN)
    home = client.get("/admin").text
    assert "<td>repetition</td><td>2</td>" in home
    assert "<td>promise</td><td>1</td>" in home


def test_feedback_is_shown_as_text_never_as_markup(client: TestClient[Litestar]) -> None:
    post_admin_form(client, "/admin/login", token=ADMIN_TOKEN)
    page = client.get("/admin/feedback").text
    assert "&lt;img src=x" in page
    assert HOSTILE not in page
    assert "Very calming" in page


def test_the_api_gives_every_sections_numbers(client: TestClient[Litestar]) -> None:
    data = {s: client.get(f"/admin/api/{s}", headers=BEARER).json() for s in SECTIONS}
    users = data["users"]["users"]
    assert [u["phone_hint"] for u in users] == ["…0302", "…0301"]  # newest first, last digits
    assert data["users"]["paywall"] is False
    alice, bea = users[1]["access"], users[0]["access"]
    assert (alice["paid"], alice["status"], alice["until"][:10]) == (True, "active", "2036-02-27")
    assert (bea["paid"], bea["allowed"]) == (False, True)  # the paywall is off: free
    (reflect, cheer) = sorted(data["funnels"]["funnels"], key=lambda f: f["flow_id"] != "reflect")
    assert (reflect["started"], reflect["finished"], reflect["abandoned"]) == (4, 3, 1)
    assert reflect["abandoned_at"] == {"socratic": 1}
    assert cheer["finished"] == 1
    points = {(p["flow_id"], p["day"]): p["average"] for p in data["feel-after"]["points"]}
    assert points == {("reflect", "2026-03-01"): 3.0, ("reflect", "2026-03-02"): 5.0,
                      ("cheerleader", "2026-03-02"): 3.0}
    assert {f["text"] for f in data["feedback"]["feedback"]} == {HOSTILE, "Very calming"}
    assert data["safety"]["by_category"] == {"self_harm": 1}
    assert all(set(e) == {"created_at", "categories", "screener", "flow_id"}
               for e in data["safety"]["events"])
    failures = {(f["error_code"], f["count"]) for f in data["deliveries"]["failures"]}
    assert failures == {("63016", 2), ("21211", 1)}
    (usage,) = data["usage"]["usage"]
    assert (usage["flow_id"], usage["prompt_tokens"], usage["completion_tokens"]) == (
        "reflect", 1200, 300)
    assert usage["estimated_cost_usd"] == pytest.approx((1200 * 1.0 + 300 * 2.0) / 1e6)
    # The cost figure counts every attempt: the one cut by the timeout and the risk check too.
    calls = {(c["kind"], c["outcome"]): (c["attempts"], c["estimated"], c["prompt_tokens"])
             for c in data["usage"]["calls"]}
    assert calls == {("converse", "ok"): (1, 0, 1200), ("converse", "timed out"): (1, 1, 1000),
                     ("risk-check", "ok"): (1, 0, 400)}
    assert data["usage"]["total_cost_usd"] == pytest.approx((2600 * 1.0 + 310 * 2.0) / 1e6)
    assert (data["usage"]["attempts"], data["usage"]["estimated_attempts"]) == (3, 1)
    assert data["guard"]["by_kind"] == {"repetition": 2, "promise": 1}
    assert {(c["step_id"], c["kind"], c["action"], c["count"]) for c in data["guard"]["by_step"]
            } == {("socratic_loop", "repetition", "regenerated", 1),
                  ("socratic_loop", "repetition", "fallback", 1),
                  ("socratic_loop", "promise", "regenerated", 1)}
    (erasure,) = data["erasures"]["erasures"]
    assert (erasure["source"], erasure["media_removed"], erasure["files_pending"]) == (
        "operator", 2, 0)
    assert CRISIS_TEXT not in repr(data)
