"""Twilio's WhatsApp webhooks: inbound messages (stored and queued, answered at once) and
delivery status callbacks."""

from __future__ import annotations

from litestar import Response, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, URLEncodedBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from bobby_core.use_cases.accept_message import AcceptInboundMessage
from bobby_core.use_cases.record_delivery_status import RecordDeliveryStatus
from bobby_http.schemas import TwilioMessageIn, TwilioStatusIn
from bobby_http.signatures import form_signed
from bobby_http.twiml import EMPTY_TWIML

TWIML = "application/xml"


@post("/webhooks/twilio/messages", guards=[form_signed], status_code=HTTP_200_OK,
      media_type=TWIML, summary="Inbound WhatsApp message (Twilio webhook)")
async def inbound_message(data: URLEncodedBody[TwilioMessageIn],
                          accept: NamedDependency[AcceptInboundMessage]) -> Response[str]:
    # Stored and queued (or spooled while the database is away); the replies go out through
    # the REST API once the turn has run, so Twilio's 15 s budget never depends on the model.
    await accept.execute(data.to_command())
    return Response(EMPTY_TWIML, media_type=TWIML)


@post("/webhooks/twilio/status", guards=[form_signed], status_code=HTTP_204_NO_CONTENT,
      summary="Delivery status callback (Twilio)")
async def delivery_status(data: URLEncodedBody[TwilioStatusIn],
                          record: NamedDependency[RecordDeliveryStatus],
                          ref: FromQuery[str | None] = None) -> None:
    await record.execute(data.to_command(reference=ref))


ROUTES = [inbound_message, delivery_status]
