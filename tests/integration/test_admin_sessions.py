"""Admin sessions are revocable: a new random id at each sign-in, kept server-side (so two web
processes on one database agree), over after 30 minutes idle or 8 hours in all, revoked by
signing out and by a new ADMIN_TOKEN; the forms need their CSRF token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from injector import Module, provider, singleton
from litestar import Litestar
from litestar.testing import TestClient

from bobby_adapters.fakes import FakeClock
from bobby_core.ports import Clock
from bobby_http.admin.auth import COOKIE, CSRF_COOKIE
from bobby_http.app import create_app
from bobby_main.container import build_container
from bobby_main.settings import Settings
from tests.integration.admin_support import ADMIN_TOKEN, post_admin_form

pytestmark = pytest.mark.integration

HOST = "https://admin.example"


class ClockModule(Module):
    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock

    @singleton
    @provider
    def clock(self) -> Clock:
        return self._clock


def app_for(database_url: str, clock: FakeClock, token: str = ADMIN_TOKEN) -> Litestar:
    return create_app(build_container(
        Settings(_env_file=None, database_url=database_url, admin_token=token),
        ClockModule(clock)))


def sign_in(client: TestClient[Litestar]) -> str:
    signed = post_admin_form(client, "/admin/login", token=ADMIN_TOKEN)
    assert signed.status_code == 303
    return str(client.cookies[COOKIE])


def with_cookie(client: TestClient[Litestar], session: str, path: str = "/admin/users") -> Any:
    client.cookies.clear()
    client.cookies.set(COOKIE, session, domain="admin.example", path="/admin")
    return client.get(path)


def test_each_sign_in_is_a_new_session_and_signing_out_revokes_it_everywhere(
        database_url: str) -> None:
    clock = FakeClock()
    with TestClient(app_for(database_url, clock), base_url=HOST) as one, \
            TestClient(app_for(database_url, clock), base_url=HOST) as two:
        first, second = sign_in(one), sign_in(one)
        assert first != second
        assert ADMIN_TOKEN not in first
        assert with_cookie(two, first).status_code == 200  # the other process agrees
        one.cookies.set(COOKIE, second, domain="admin.example", path="/admin")
        assert post_admin_form(one, "/admin/logout").status_code == 303
        replayed = with_cookie(two, second)  # the cookie kept from before signing out
        assert replayed.status_code == 401
        assert 'action="/admin/login"' in replayed.text
        assert with_cookie(two, first).status_code == 200  # only that session ended


def test_a_session_idle_too_long_or_open_too_long_is_refused(database_url: str) -> None:
    clock = FakeClock()
    with TestClient(app_for(database_url, clock), base_url=HOST) as client:
        idle = sign_in(client)
        clock.advance(timedelta(minutes=31))
        assert with_cookie(client, idle).status_code == 401
        busy = sign_in(client)
        for _ in range(16):  # used every 29 minutes: never idle (7 h 44 min in all)
            clock.advance(timedelta(minutes=29))
            assert with_cookie(client, busy).status_code == 200
        clock.advance(timedelta(minutes=29))  # past 8 hours: over, however busy
        assert with_cookie(client, busy).status_code == 401
        assert with_cookie(client, busy, "/admin/api/users").status_code == 401


def test_a_new_admin_token_revokes_every_session(database_url: str) -> None:
    clock = FakeClock()
    with TestClient(app_for(database_url, clock), base_url=HOST) as old:
        session = sign_in(old)
        assert with_cookie(old, session).status_code == 200
    with TestClient(app_for(database_url, clock, token="a-brand-new-admin-token-42"),
                    base_url=HOST) as new:
        assert with_cookie(new, session).status_code == 401


def test_the_forms_need_their_csrf_token(database_url: str) -> None:
    clock = FakeClock()
    with TestClient(app_for(database_url, clock), base_url=HOST) as client:
        page = client.get("/admin/login")
        assert 'name="_csrf_token"' in page.text
        forged = client.post("/admin/login", data={"token": ADMIN_TOKEN},
                             follow_redirects=False)
        assert forged.status_code == 403
        assert COOKIE not in client.cookies
        session = sign_in(client)
        client.cookies.delete(CSRF_COOKIE)
        assert client.post("/admin/logout", follow_redirects=False).status_code == 403
        assert with_cookie(client, session).status_code == 200  # not signed out by a forgery
