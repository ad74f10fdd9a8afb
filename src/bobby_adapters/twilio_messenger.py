"""Twilio WhatsApp sender over the REST API, for messages that are not a webhook's reply."""

from __future__ import annotations

import asyncio
import logging

from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.model import OutboundMessage

# The SDK logs request URLs and headers at INFO; keep that out of our logs.
_SDK_LOGGER = logging.getLogger("bobby.twilio_sdk")
_SDK_LOGGER.setLevel(logging.WARNING)
SEND_TIMEOUT_SECONDS = 10.0


def whatsapp_address(phone: str) -> str:
    """`+447700900123` -> `whatsapp:+447700900123`; an address that has the prefix is kept."""
    phone = phone.strip()
    return phone if phone.lower().startswith("whatsapp:") else f"whatsapp:{phone}"


def twilio_client(account_sid: str, auth_token: str,
                  timeout: float = SEND_TIMEOUT_SECONDS) -> Client:
    """A Twilio client whose calls give up after `timeout` seconds and log nothing personal."""
    return Client(account_sid, auth_token,
                  http_client=TwilioHttpClient(timeout=timeout, logger=_SDK_LOGGER))


class TwilioMessenger:
    def __init__(self, client: Client, sender: str, status_callback_url: str | None = None) -> None:
        self._client = client
        self._sender = whatsapp_address(sender)
        self._status_callback = status_callback_url

    async def send(self, message: OutboundMessage) -> str:
        try:
            # The SDK is synchronous; a thread keeps the event loop free while Twilio answers.
            sent = await asyncio.to_thread(
                self._client.messages.create,
                to=whatsapp_address(message.to_phone), from_=self._sender, body=message.body,
                media_url=[message.media_url] if message.media_url else None,
                status_callback=self._status_callback,
            )
        except TwilioException as exc:
            code = getattr(exc, "code", None)
            raise DeliveryError(str(code) if code else None, permanent=False,
                                detail=f"twilio refused (code {code})") from exc
        except OSError as exc:  # requests' connection errors and timeouts derive from OSError
            raise DeliveryError(None, permanent=False, detail="unreachable") from exc
        return str(sent.sid)

    async def show_typing(self, provider_message_id: str) -> None:
        raise ExternalServiceError("twilio", "typing indicator not implemented yet")
