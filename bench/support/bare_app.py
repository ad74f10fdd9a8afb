"""The yardstick for the webhook benchmark: a bare Litestar app that only checks the Twilio
signature, parses the form and answers an empty TwiML <Response/>. It is served by uvicorn
exactly as `bobby serve` serves Bobby, so the ratio between the two is what Bobby's own work
costs. bare_pipeline.py builds on it.

Run: python -m bench.support.bare_app --port P  (TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL from env)"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import URLEncodedBody
from pydantic import BaseModel, ConfigDict, Field
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

TWIML = "application/xml"


class MessageIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    sender: str = Field(alias="From", min_length=1, max_length=64)
    body: str = Field(default="", alias="Body", max_length=4096)
    message_sid: str = Field(alias="MessageSid", min_length=1, max_length=64)


def build_app(token: str, public_base_url: str,
              received: Callable[[MessageIn], None] | None = None) -> Litestar:
    """`received` is called with each signed message before the answer (it must not block)."""
    validator = RequestValidator(token)
    base = public_base_url.rstrip("/")

    async def signed(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        assert isinstance(connection, Request)
        form = await connection.form()
        signature = connection.headers.get("X-Twilio-Signature", "")
        if not validator.validate(base + connection.url.path, form, signature):
            raise PermissionDeniedException("bad signature")

    @post("/webhooks/twilio/messages", guards=[signed], status_code=200, media_type=TWIML)
    async def inbound(data: URLEncodedBody[MessageIn]) -> Response[str]:
        if received is not None:
            received(data)
        return Response(str(MessagingResponse()), media_type=TWIML)

    @get("/health", media_type="application/json")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar(route_handlers=[inbound, health])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = build_app(os.environ["TWILIO_AUTH_TOKEN"], os.environ["PUBLIC_BASE_URL"])
    # As bobby_main/serve.py runs Bobby.
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=True, log_level="info")


if __name__ == "__main__":
    main()
