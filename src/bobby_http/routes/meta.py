"""Meta's WhatsApp Cloud API webhook: the subscription handshake, and notifications (messages,
statuses, identity changes) stored and answered at once.

Meta retries a notification that is not answered 200 for days, so everything in it is safe to
apply twice: messages are stored once per message id, a status never moves back, an identity
change that was made already changes nothing."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from bobby_core.use_cases.accept_message import AcceptInboundMessage
from bobby_core.use_cases.follow_identity_change import FollowIdentityChange
from bobby_core.use_cases.record_delivery_status import RecordDeliveryStatus
from bobby_http.meta_schemas import MetaNotificationIn
from bobby_http.meta_signatures import MetaSignatures, meta_signed

PATH = "/webhooks/meta"


@get(PATH, media_type="text/plain", summary="Webhook subscription handshake (Meta)")
async def subscribe(request: Request[Any, Any, Any],
                    mode: Annotated[str | None, QueryParameter(name="hub.mode")] = None,
                    token: Annotated[str | None, QueryParameter(name="hub.verify_token")] = None,
                    challenge: Annotated[str | None, QueryParameter(name="hub.challenge",
                                                                    max_length=256)] = None) -> str:
    checker: MetaSignatures = request.app.state.meta_signatures
    checker.check_subscription(mode, token)
    return challenge or ""  # the bare challenge, not JSON: Meta compares the body as is


@post(PATH, guards=[meta_signed], status_code=HTTP_200_OK,
      summary="WhatsApp notifications: messages, statuses, identity changes (Meta)")
async def notification(data: JSONBody[MetaNotificationIn],
                       accept: NamedDependency[AcceptInboundMessage],
                       record: NamedDependency[RecordDeliveryStatus],
                       follow: NamedDependency[FollowIdentityChange]) -> Response[str]:
    for change in data.identity_changes():
        await follow.execute(change)
    for message in data.messages():
        await accept.execute(message)
    for status in data.statuses():
        await record.execute(status)
    return Response("", media_type="text/plain")


ROUTES = [subscribe, notification]
