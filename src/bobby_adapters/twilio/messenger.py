"""Twilio WhatsApp sender over the REST API (async), with the typing indicator."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import aiohttp
from twilio.base.exceptions import TwilioException
from twilio.rest import Client

from bobby_adapters.aiohttp_sessions import describe_failure
from bobby_adapters.twilio.errors import refusal
from bobby_adapters.twilio.http_client import DEFAULT_TIMEOUT_SECONDS, AiohttpTwilioHttpClient
from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.model import OutboundMessage

STATUS_PATH = "/webhooks/twilio/status"
# What aiohttp raises when Twilio cannot be reached or does not answer in time; a malformed
# answer (ValueError from the SDK's JSON parsing) is treated the same way.
_NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError, OSError, ValueError)


def whatsapp_address(phone: str) -> str:
    """`+447700900123` -> `whatsapp:+447700900123`; an address that has the prefix is kept."""
    phone = phone.strip()
    return phone if phone.lower().startswith("whatsapp:") else f"whatsapp:{phone}"


def twilio_client(account_sid: str, auth_token: str, *, api_base_url: str | None = None,
                  timeout: float = DEFAULT_TIMEOUT_SECONDS) -> Client:
    """A Twilio client on one pooled aiohttp session whose calls give up after `timeout` seconds,
    log nothing, and go to `api_base_url` instead of Twilio's hosts when it is set."""
    http = AiohttpTwilioHttpClient(base_url=api_base_url, timeout=timeout)
    # environment={}: settings are read once, by us; TWILIO_REGION/TWILIO_EDGE in the process
    # environment must not re-route the client behind their back.
    return Client(account_sid, auth_token, http_client=http, environment={})


def _describe(exc: BaseException) -> str:
    return describe_failure(exc, "twilio")


class TwilioMessenger:
    def __init__(self, client: Client, sender: str, *, public_base_url: str | None = None) -> None:
        self._client = client
        self._sender = whatsapp_address(sender)
        self._status_base = public_base_url.rstrip("/") + STATUS_PATH if public_base_url else None

    def status_callback_url(self, message: OutboundMessage) -> str | None:
        # Twilio signs the full URL, query included; the status route validates against
        # PUBLIC_BASE_URL + path + query, so this exact string is what gets checked.
        if self._status_base is None:
            return None
        return f"{self._status_base}?ref={quote(message.reference, safe='')}"

    async def send(self, message: OutboundMessage) -> str:
        if message.to.phone is None:
            # Twilio addresses a WhatsApp user by number only; a user who shares none (a
            # username) cannot be reached through it.
            raise DeliveryError(None, permanent=True, detail="no phone number for this user")
        try:
            sent = await self._client.messages.create_async(
                to=whatsapp_address(message.to.phone), from_=self._sender,
                status_callback=self.status_callback_url(message), **_content(message))
        except TwilioException as exc:
            # `from None`: the SDK's message quotes the phone number, and tracebacks get logged.
            raise refusal(int(getattr(exc, "status", 0) or 0), _code(exc)) from None
        except _NETWORK_ERRORS as exc:
            raise DeliveryError(None, permanent=False, detail=_describe(exc)) from exc
        if not sent.sid:
            raise DeliveryError(None, permanent=False, detail="answer without a message sid")
        return str(sent.sid)

    async def show_typing(self, provider_message_id: str) -> None:
        try:
            await self._client.messaging.v2.typing_indicator.create_async(
                channel="whatsapp", message_id=provider_message_id)
        except TwilioException as exc:
            status, code = getattr(exc, "status", None), _code(exc)
            raise ExternalServiceError(
                "twilio", f"typing indicator refused (HTTP {status}, code {code})") from None
        except _NETWORK_ERRORS as exc:
            raise ExternalServiceError("twilio", f"typing indicator {_describe(exc)}") from exc

    async def close(self) -> None:
        """Close the client's pooled connections; call once, at shutdown."""
        await self._client.http_client.close()


def _content(message: OutboundMessage) -> dict[str, Any]:
    """Body and media, or an approved template: Twilio wants no Body or MediaUrl next to a
    ContentSid (error 63016 outside the window), and ContentVariables as a JSON string."""
    if message.template is not None:
        return {"content_sid": message.template.name,
                "content_variables": json.dumps(message.template.variables)}
    return {"body": message.body or None,
            "media_url": [message.media_url] if message.media_url else None}


def _code(exc: TwilioException) -> int | None:
    code = getattr(exc, "code", None)
    try:
        return int(code) if code is not None else None
    except (TypeError, ValueError):
        return None
