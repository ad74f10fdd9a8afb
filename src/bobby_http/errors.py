"""Every error becomes HTTP here, in one table, as application/problem+json (RFC 9457)."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from bobby_core.errors import (
    ConcurrentUpdateError,
    DomainError,
    ExportLinkGoneError,
    ExportLinkInvalidError,
    ExternalServiceError,
    InvalidPhoneError,
    InvalidWebhookError,
    UnknownFlowError,
    UserNotFoundError,
)
from bobby_core.use_cases.run_flow_step import StepOutOfOrderError, UnknownStepError
from bobby_core.use_cases.users import ConsentRequiredError
from bobby_http.signatures import InvalidSignatureError

logger = logging.getLogger("bobby.http")

PROBLEM_JSON = "application/problem+json"

# Most specific first; the first class the error is an instance of wins.
STATUS_FOR: dict[type[Exception], int] = {
    InvalidSignatureError: 403,
    InvalidPhoneError: 400,
    InvalidWebhookError: 400,
    UnknownFlowError: 404,
    UserNotFoundError: 404,
    ExportLinkInvalidError: 404,
    ExportLinkGoneError: 410,
    UnknownStepError: 404,
    StepOutOfOrderError: 409,
    ConsentRequiredError: 409,
    DomainError: 422,
    ExternalServiceError: 503,
    ConcurrentUpdateError: 503,  # another turn won the race; a retry will succeed
}

TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 409: "Conflict", 410: "Gone", 413: "Content too large",
          415: "Unsupported media type", 422: "Unprocessable content",
          500: "Internal server error", 503: "Service unavailable"}


RETRY_AFTER_SECONDS = 5
"""What a 503 asks a client to wait: the database's bounds are a few seconds (DATABASE_*)."""


def problem(status: int, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status,
            "detail": detail, **extra}
    # Every 503 is "not now": say when to come back, so clients and proxies back off.
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_for(exc: Exception) -> int | None:
    return next((code for cls, code in STATUS_FOR.items() if isinstance(exc, cls)), None)


def status_of(exc: Exception) -> int:
    """The status `handle_error` answers `exc` with."""
    mapped = status_for(exc)
    if mapped is not None:
        return mapped
    if isinstance(exc, HTTPException):
        return exc.status_code
    return HTTP_500_INTERNAL_SERVER_ERROR


def handle_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    response = _respond(request, exc)
    code = response.status_code or HTTP_500_INTERNAL_SERVER_ERROR
    if request.url.path.startswith("/webhooks/") and 400 <= code < 500:
        _count_rejection(request, exc, code)
    return response


def _count_rejection(request: Request[Any, Any, Any], exc: Exception, status: int) -> None:
    metrics = request.app.state.get("metrics")
    if metrics is None:
        return
    if isinstance(exc, InvalidSignatureError):
        reason = "signature"
    elif isinstance(exc, ValidationException | InvalidPhoneError):
        reason = "invalid"
    else:
        reason = f"status_{status}"
    metrics.webhook_rejected(reason)


def _respond(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    status = status_for(exc)
    if status is not None:
        if isinstance(exc, InvalidWebhookError):
            logger.warning("rejected a %s webhook on %s: %s", exc.provider, request.url.path,
                           exc.reason)
        if isinstance(exc, InvalidSignatureError):
            # Worth seeing in the logs: a wrong PUBLIC_BASE_URL or token looks exactly like this.
            logger.warning("rejected an unsigned or forged request on %s", request.url.path)
        if isinstance(exc, ExternalServiceError):
            logger.warning("provider unavailable: %s on %s", exc.service, request.url.path)
            return problem(status, f"{exc.service} is unavailable, please retry shortly")
        # An error may name what the caller should do instead (the step expected).
        return problem(status, str(exc), **getattr(exc, "problem_fields", {}))
    if isinstance(exc, ValidationException):
        return problem(exc.status_code, _validation_detail(exc), errors=_clean(exc.extra))
    if isinstance(exc, HTTPException):
        response = problem(exc.status_code, exc.detail)
        response.headers.update(exc.headers or {})  # such as WWW-Authenticate on a 401
        return response
    logger.exception("unhandled %s on %s", type(exc).__name__, request.url.path)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "something went wrong on our side")


def _validation_detail(exc: ValidationException) -> str:
    fields = [str(e.get("key")) for e in _clean(exc.extra) if e.get("key")]
    if fields:
        return "invalid or missing field(s): " + ", ".join(fields)
    return exc.detail or "malformed request body"


def _clean(extra: Any) -> list[dict[str, Any]]:
    # Only field names and messages go back: echoing values could reflect a user's text.
    if not isinstance(extra, list):
        return []
    return [{"key": e.get("key"), "message": str(e.get("message", ""))[:200]}
            for e in extra if isinstance(e, dict)]


EXCEPTION_HANDLERS = {Exception: handle_error}
