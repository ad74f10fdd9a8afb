"""Twilio's WhatsApp webhooks: inbound messages (answered with TwiML) and delivery status."""

from __future__ import annotations

from litestar import Response, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from bobby_core.use_cases.handle_inbound_message import HandleInboundMessage
from bobby_core.use_cases.record_delivery_status import RecordDeliveryStatus
from bobby_http.schemas import TwilioMessageIn, TwilioStatusIn
from bobby_http.signatures import form_signed
from bobby_http.twiml import messaging_twiml

TWIML = "application/xml"


@post("/webhooks/twilio/messages", guards=[form_signed], status_code=HTTP_200_OK,
      media_type=TWIML, summary="Inbound WhatsApp message (Twilio webhook)")
async def inbound_message(data: URLEncodedBody[TwilioMessageIn],
                          handle: NamedDependency[HandleInboundMessage]) -> Response[str]:
    result = await handle.execute(data.to_command())
    # A retried MessageSid gets the stored replies again: Twilio expects the same answer.
    return Response(messaging_twiml(result.replies), media_type=TWIML)


@post("/webhooks/twilio/status", guards=[form_signed], status_code=HTTP_204_NO_CONTENT,
      summary="Delivery status callback (Twilio)")
async def delivery_status(data: URLEncodedBody[TwilioStatusIn],
                          record: NamedDependency[RecordDeliveryStatus]) -> None:
    await record.execute(data.to_command())


ROUTES = [inbound_message, delivery_status]
