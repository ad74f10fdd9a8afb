"""WhatsApp through Meta's Cloud API: `POST /{phone-number-id}/messages` for text, an image by
link, an approved template and the typing indicator (a read receipt that shows typing)."""

from __future__ import annotations

from typing import Any

import aiohttp

from bobby_adapters.aiohttp_sessions import describe_failure
from bobby_adapters.meta.errors import TokenAlarm, refusal
from bobby_adapters.meta.graph_client import GraphAnswer, GraphClient
from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.model import MessageTemplate, OutboundMessage, Recipient

CAPTION_LIMIT = 1024
"""WhatsApp's limit on an image caption; a longer text goes as its own message first."""
# What aiohttp raises when Meta cannot be reached or does not answer in time; a malformed
# answer (ValueError, including JSON errors) is treated the same way.
_NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError, OSError, ValueError)


def _describe(exc: BaseException) -> str:
    return describe_failure(exc, "meta")


def _addressed(to: Recipient) -> dict[str, str]:
    """`to` is a phone number (digits, as Meta writes wa_id); a user known only by their
    business-scoped user id is addressed with `recipient` instead."""
    if to.phone:
        return {"to": to.phone.lstrip("+")}
    if to.provider_user_id:
        return {"recipient": to.provider_user_id}
    raise DeliveryError(None, permanent=True, detail="no phone number nor user id to send to")


def _template(template: MessageTemplate) -> dict[str, Any]:
    # Meta fills a template's body variables {{1}}, {{2}}... in the order of `parameters`.
    ordered = sorted(template.variables.items(), key=lambda kv: (len(kv[0]), kv[0]))
    body: dict[str, Any] = {"name": template.name,
                            "language": {"code": template.language or "en_US"}}
    if ordered:
        body["components"] = [{"type": "body", "parameters": [
            {"type": "text", "text": value} for _, value in ordered]}]
    return {"type": "template", "template": body}


def _contents(message: OutboundMessage) -> list[dict[str, Any]]:
    """The message bodies to post, in order: one, or the text then the image when the text is
    too long for a caption."""
    if message.template is not None:
        return [_template(message.template)]
    text = {"type": "text", "text": {"body": message.body, "preview_url": False}}
    if not message.media_url:
        return [text]
    if len(message.body) <= CAPTION_LIMIT:
        image: dict[str, Any] = {"link": message.media_url}
        if message.body:
            image["caption"] = message.body
        return [{"type": "image", "image": image}]
    return [text, {"type": "image", "image": {"link": message.media_url}}]


class MetaCloudMessenger:
    def __init__(self, client: GraphClient, phone_number_id: str) -> None:
        self._client = client
        self._path = f"{phone_number_id}/messages"
        self._alarm = TokenAlarm()

    async def send(self, message: OutboundMessage) -> str:
        address = _addressed(message.to)
        sent = ""
        for content in _contents(message):
            answer = await self._post({"messaging_product": "whatsapp",
                                       "recipient_type": "individual", **address, **content})
            sent = _message_id(answer)
        return sent

    async def show_typing(self, provider_message_id: str) -> None:
        try:
            answer = await self._client.post(self._path, {
                "messaging_product": "whatsapp", "status": "read",
                "message_id": provider_message_id, "typing_indicator": {"type": "text"}})
        except _NETWORK_ERRORS as exc:
            raise ExternalServiceError("meta", f"typing indicator {_describe(exc)}") from exc
        if answer.status >= 400 or answer.body.get("success") is not True:
            raise ExternalServiceError("meta", f"typing indicator refused (HTTP {answer.status}"
                                               f", code {answer.error_code})")

    async def close(self) -> None:
        """Close the client's pooled connections; call once, at shutdown."""
        await self._client.close()

    async def _post(self, body: dict[str, Any]) -> GraphAnswer:
        try:
            answer = await self._client.post(self._path, body)
        except _NETWORK_ERRORS as exc:
            raise DeliveryError(None, permanent=False, detail=_describe(exc)) from exc
        if answer.status >= 400 or "error" in answer.body:
            raise refusal(answer.status, answer.error_code, self._alarm)
        self._alarm.accepted()
        return answer


def _message_id(answer: GraphAnswer) -> str:
    messages = answer.body.get("messages")
    first = messages[0] if isinstance(messages, list) and messages else None
    message_id = first.get("id") if isinstance(first, dict) else None
    if not isinstance(message_id, str) or not message_id:
        raise DeliveryError(None, permanent=False, detail="answer without a message id")
    return message_id
