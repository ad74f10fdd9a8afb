"""GET /admin/... (server-rendered pages), GET /admin/api/... (the same numbers as JSON),
and the login form. Built only when ADMIN_TOKEN is set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_401_UNAUTHORIZED

from bobby_core.ports.stats import ModelPrices, OperatorStats
from bobby_core.subscriptions.paywall import Paywall
from bobby_http.admin.auth import COOKIE, AdminAuth, LoginRequiredError
from bobby_http.admin.sections import TITLES, guard_data, page_of, section_data
from bobby_http.admin.sessions import ABSOLUTE

# Nothing on these pages comes from elsewhere, and nothing may be framed or cached.
HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                      "img-src 'self' data:; form-action 'self'; "
                                      "frame-ancestors 'none'",
           "Referrer-Policy": "no-referrer"}


# Guesses at the token are bounded for everyone together, not per address: behind a platform's
# router every client has the router's address, and a guesser with many addresses is bounded
# all the same. An operator who mistypes ten times waits a minute. Per web process (its memory).
LOGIN_ATTEMPTS_PER_MINUTE = 10
_LOGIN_LIMIT = RateLimitConfig(rate_limit=("minute", LOGIN_ATTEMPTS_PER_MINUTE),
                               identifier_for_request=lambda _: "admin-login",
                               set_rate_limit_headers=True)


@dataclass
class AdminLoginIn:
    token: str = ""


def _login_page(error: str | None = None, status: int = 200) -> Template:
    return Template(template_name="admin/login.html", context={"error": error, "nav": TITLES},
                    status_code=status, headers=HEADERS)


def _login_required(_: Request[Any, Any, Any], __: LoginRequiredError) -> Template:
    return _login_page(status=HTTP_401_UNAUTHORIZED)


def admin_routes(stats: OperatorStats, auth: AdminAuth, prices: ModelPrices,
                 paywall: Paywall) -> list[Router]:
    @get("/")
    async def home() -> Template:
        guard = (await guard_data(stats))["by_kind"]
        return Template(template_name="admin/home.html", context={"nav": TITLES, "guard": guard},
                        headers=HEADERS)

    @get("/{section:str}")
    async def page(section: FromPath[str]) -> Template:
        if section not in TITLES:
            raise NotFoundException()
        shown = page_of(section, await section_data(section, stats, prices, paywall))
        return Template(template_name="admin/page.html", headers=HEADERS,
                        context={"page": shown, "section": section, "nav": TITLES})

    @get("/{section:str}")
    async def api(section: FromPath[str]) -> dict[str, Any]:
        if section not in TITLES:
            raise NotFoundException()
        return await section_data(section, stats, prices, paywall)

    @get("/login", sync_to_thread=False)
    def login_form() -> Template:
        return _login_page()

    @post("/login", middleware=[_LOGIN_LIMIT.middleware])
    async def login(data: URLEncodedBody[AdminLoginIn]) -> Response[Any]:
        if not auth.token_matches(data.token):
            return _login_page("That is not the admin token.", HTTP_401_UNAUTHORIZED)
        # A new session at every sign-in: an id seen before signing in is worth nothing after.
        session_id = await auth.sessions.open()
        return Redirect("/admin", status_code=303, cookies=[Cookie(
            key=COOKIE, value=session_id, path="/admin",
            max_age=int(ABSOLUTE.total_seconds()), secure=True, httponly=True,
            samesite="strict")])

    @post("/logout")
    async def logout(request: Request[Any, Any, Any]) -> Response[Any]:
        await auth.sessions.close(request.cookies.get(COOKIE, ""))
        return Redirect("/admin/login", status_code=303, cookies=[Cookie(
            key=COOKIE, value="", path="/admin", max_age=0, secure=True, httponly=True,
            samesite="strict")])

    api_guard, page_guard = auth.guards()
    return [
        Router(path="/admin", route_handlers=[login_form, login, logout],
               include_in_schema=False, middleware=[auth.csrf]),
        Router(path="/admin/api", route_handlers=[api], guards=[api_guard],
               include_in_schema=False, response_headers={"Cache-Control": "no-store"}),
        Router(path="/admin", route_handlers=[home, page], guards=[page_guard],
               include_in_schema=False, middleware=[auth.csrf],
               exception_handlers={LoginRequiredError: _login_required}),
    ]
