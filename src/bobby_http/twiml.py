"""TwiML answers for Twilio's messaging webhook."""

from __future__ import annotations

from twilio.twiml.messaging_response import MessagingResponse

EMPTY_TWIML = str(MessagingResponse())
"""`<Response />`: received, nothing to say inline (replies go through the REST API)."""
