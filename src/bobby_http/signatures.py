"""Twilio request signatures (X-Twilio-Signature), checked with the Twilio SDK's validator.

The signed URL is the one Twilio called: behind ngrok or a proxy that is PUBLIC_BASE_URL plus
our path and query, not the URL this process sees."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

from bobby_http.config import HttpConfig

logger = logging.getLogger("bobby.http")


class InvalidSignatureError(Exception):
    """The request does not carry a valid Twilio signature."""


class TwilioSignatures:
    """Checks webhook signatures when a Twilio auth token is configured; otherwise lets all
    requests through in dev, and refuses them all when Meta's Cloud API is the provider (or in
    production), so that nobody can post as Twilio there."""

    def __init__(self, config: HttpConfig) -> None:
        token = config.twilio_auth_token
        self._validator = RequestValidator(token) if token else None
        self._base = config.public_base_url.rstrip("/") if config.public_base_url else None
        self._closed = self._validator is None and (config.production
                                                    or config.meta_app_secret is not None)

    @property
    def enabled(self) -> bool:
        return self._validator is not None

    @property
    def open(self) -> bool:
        """Unsigned requests are let through (dev without a Twilio token, Twilio or console)."""
        return self._validator is None and not self._closed

    def url_of(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        if self._base is None:
            return str(connection.url)
        query = connection.scope.get("query_string", b"").decode("latin-1")
        return self._base + connection.url.path + (f"?{query}" if query else "")

    async def check_form(self, request: Request[Any, Any, Any]) -> None:
        self._refuse_if_closed()
        if self._validator is None:
            return
        # Every received parameter is signed, including ones we do not read (Twilio adds more).
        form = await request.form()
        self._check(request, form)

    async def check_json(self, request: Request[Any, Any, Any]) -> None:
        self._refuse_if_closed()
        if self._validator is None:
            return
        # A JSON body is signed through its SHA-256 in the query; without it, the body could be
        # swapped under a valid URL signature.
        if "bodySHA256" not in request.query_params:
            raise InvalidSignatureError("missing bodySHA256 query parameter")
        raw = await request.body()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidSignatureError("body is not UTF-8") from None
        self._check(request, text)

    def _refuse_if_closed(self) -> None:
        if self._closed:
            raise InvalidSignatureError("TWILIO_AUTH_TOKEN is not set: Twilio's routes are closed")

    def _check(self, request: Request[Any, Any, Any], params: Any) -> None:
        assert self._validator is not None  # noqa: S101 - callers return early without one
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            raise InvalidSignatureError("missing X-Twilio-Signature header")
        algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
        if not self._validator.validate(self.url_of(request), params, signature, algorithm):
            raise InvalidSignatureError("X-Twilio-Signature does not match this request")


def _signatures(connection: ASGIConnection[Any, Any, Any, Any]) -> TwilioSignatures:
    checker: TwilioSignatures = connection.app.state.twilio_signatures
    return checker


async def form_signed(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: a form post must carry Twilio's signature."""
    await _signatures(connection).check_form(_as_request(connection))


async def json_signed(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: a JSON post (Studio) must carry Twilio's signature and bodySHA256."""
    await _signatures(connection).check_json(_as_request(connection))


def _as_request(connection: ASGIConnection[Any, Any, Any, Any]) -> Request[Any, Any, Any]:
    # Guards receive the Request itself for HTTP routes; these guards sit on HTTP routes only.
    if not isinstance(connection, Request):
        raise InvalidSignatureError("signed routes are HTTP only")
    return connection
