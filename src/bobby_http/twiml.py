"""TwiML answers for Twilio's messaging webhook."""

from __future__ import annotations

from collections.abc import Iterable

from twilio.twiml.messaging_response import MessagingResponse

from bobby_core.model import OutboundText


def messaging_twiml(replies: Iterable[OutboundText]) -> str:
    """One <Message> per reply part (already split to WhatsApp's limit), media as <Media>."""
    response = MessagingResponse()
    for reply in replies:
        message = response.message(reply.body)
        if reply.media_url:
            message.media(reply.media_url)
    return str(response)
