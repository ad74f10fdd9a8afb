"""A small fake of Meta's WhatsApp Cloud API on loopback, and Meta's webhooks, signed as Meta
signs them.

The Graph API side (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages):
- POST /{version}/{phone-number-id}/messages, `Authorization: Bearer <token>`, a JSON body with
  `messaging_product: whatsapp` and `to` (a phone number's digits) or `recipient` (a
  business-scoped user id): `type` text, image (by `link`, optional `caption`) or template
  (`name`, `language.code`, body `parameters`) answers 200
  `{"messaging_product", "contacts": [{"input", "wa_id"}], "messages": [{"id": "wamid..."}]}`;
- the same path with `status: read`, `message_id` and `typing_indicator: {"type": "text"}` (the
  typing indicator) answers `{"success": true}`;
- errors are `{"error": {"message", "type", "code", "error_subcode", "error_data",
  "fbtrace_id"}}`: a bad token 401 with code 190, an unknown phone number id 400 with code 100
  (subcode 33), a free-form message to a user whose 24-hour window is closed 400 with 131047.

The webhook side (https://developers.facebook.com/documentation/business-messaging/whatsapp/
webhooks/reference/messages): notifications `{"object": "whatsapp_business_account", "entry":
[{"id", "changes": [{"field": "messages", "value": {...}}]}]}` with contacts (`profile.name`,
`wa_id`, `user_id`), messages (`from`, `from_user_id`, `id`, `timestamp`, `type`, ...),
statuses (`id`, `status`, `recipient_id`, `recipient_user_id`, `errors`) and system messages
(`user_changed_number`, `user_changed_user_id`), signed with `X-Hub-Signature-256: sha256=` and
the hex HMAC-SHA256 of the raw body keyed with the app secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import threading
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.integration.loopback import LoopbackServer, send_json

VERSION = "v23.0"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "15550783881"
WABA_ID = "102290129340398"
TIMESTAMP = "1767258000"


@dataclass(frozen=True)
class Failure:
    status: int
    code: int
    message: str
    subcode: int | None = None
    kind: str = "OAuthException"

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.kind, "code": self.code,
                                 "error_data": {"messaging_product": "whatsapp",
                                                "details": self.message},
                                 "fbtrace_id": "AbCdEfGhIjKlMnOp"}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        return {"error": error}


BAD_TOKEN = Failure(401, 190, "Error validating access token: Session has expired.", 463)
UNKNOWN_NUMBER_ID = Failure(400, 100, "Unsupported post request. Object with ID does not exist",
                            33, "GraphMethodException")
THROUGHPUT = Failure(400, 130429, "Rate limit hit")
PAIR_RATE_LIMIT = Failure(400, 131056, "(Business Account, Consumer Account) pair rate limit hit")
OUTSIDE_WINDOW = Failure(400, 131047, "Re-engagement message")
UNDELIVERABLE = Failure(400, 131026, "Message undeliverable")
SERVER_ERROR = Failure(500, 131000, "Something went wrong")


def wamid(n: int) -> str:
    """A WhatsApp message id of the documented shape (`wamid.` and base64)."""
    return "wamid." + base64.b64encode(f"HBgL{n:012d}FQIAERgS".encode()).decode()


@dataclass
class FakeGraph:
    access_token: str
    app_secret: str
    phone_number_id: str = PHONE_NUMBER_ID
    sent: list[dict[str, Any]] = field(default_factory=list)
    typing: list[dict[str, Any]] = field(default_factory=list)
    window_closed: set[str] = field(default_factory=set)
    """Recipients (`to` or `recipient`) whose 24-hour window is closed."""
    server: LoopbackServer | None = None
    _failures: deque[Failure] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return self.server.base_url

    def start(self) -> FakeGraph:
        self.server = LoopbackServer(lambda request, _: self.handle(request), "POST")
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def fail_next_sends(self, count: int, failure: Failure) -> None:
        """The next `count` message sends are refused with `failure` (typing is unaffected)."""
        with self._lock:
            self._failures.extend([failure] * count)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length", "0"))
        try:
            body = json.loads(request.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            body = None
        if request.headers.get("Authorization") != f"Bearer {self.access_token}":
            self._answer(request, BAD_TOKEN.status, BAD_TOKEN.body())
        elif request.path != f"/{VERSION}/{self.phone_number_id}/messages":
            self._answer(request, UNKNOWN_NUMBER_ID.status, UNKNOWN_NUMBER_ID.body())
        elif not isinstance(body, dict) or body.get("messaging_product") != "whatsapp":
            failure = Failure(400, 100, "(#100) The parameter messaging_product is required.")
            self._answer(request, failure.status, failure.body())
        elif body.get("status") == "read":
            self._typing(request, body)
        else:
            self._message(request, body)

    def _typing(self, request: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        if not str(body.get("message_id", "")).startswith("wamid."):
            failure = Failure(400, 100, "(#100) Invalid parameter", kind="OAuthException")
            self._answer(request, failure.status, failure.body())
            return
        with self._lock:
            self.typing.append(body)
        self._answer(request, 200, {"success": True})

    def _message(self, request: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        who = body.get("to") or body.get("recipient")
        with self._lock:
            failure = self._failures.popleft() if self._failures else None
        if failure is None and not who:
            failure = Failure(400, 131008, "Required parameter is missing")
        if failure is None and body.get("type") not in {"text", "image", "template"}:
            failure = Failure(400, 131051, "Unsupported message type")
        if failure is None and who in self.window_closed and body.get("type") != "template":
            failure = OUTSIDE_WINDOW
        if failure is not None:
            self._answer(request, failure.status, failure.body())
            return
        with self._lock:
            # Far from the ids tests give inbound messages: Meta's ids never repeat.
            message_id = wamid(900_000_000 + next(self._ids))
            self.sent.append({**body, "id": message_id})
        contact = ({"input": who, "wa_id": who} if "to" in body
                   else {"input": who, "user_id": who})
        self._answer(request, 200, {"messaging_product": "whatsapp", "contacts": [contact],
                                    "messages": [{"id": message_id}]})

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        send_json(request, status, body)

    def sign(self, raw: bytes) -> str:
        """X-Hub-Signature-256 for a notification body, as Meta signs it."""
        return "sha256=" + hmac.new(self.app_secret.encode(), raw, hashlib.sha256).hexdigest()

    def post_notification(self, url: str, notification: dict[str, Any],
                          timeout: float = 10.0) -> int:
        """POST a signed notification to `url`, as Meta does; return the HTTP status."""
        raw = json.dumps(notification).encode()
        request = urllib.request.Request(  # noqa: S310 - tests post to loopback URLs they built
            url, data=raw, method="POST",
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": self.sign(raw)})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return int(answer.status)
        except urllib.error.HTTPError as refused:
            return int(refused.code)


def notification(*values: dict[str, Any]) -> dict[str, Any]:
    """One webhook notification: one entry whose changes carry these values."""
    return {"object": "whatsapp_business_account",
            "entry": [{"id": WABA_ID, "changes": [{"value": v, "field": "messages"}
                                                  for v in values]}]}


def value(*, contacts: list[dict[str, Any]] | None = None,
          messages: list[dict[str, Any]] | None = None,
          statuses: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"messaging_product": "whatsapp",
                             "metadata": {"display_phone_number": DISPLAY_NUMBER,
                                          "phone_number_id": PHONE_NUMBER_ID}}
    for name, items in (("contacts", contacts), ("messages", messages), ("statuses", statuses)):
        if items is not None:
            found[name] = items
    return found


def contact(wa_id: str | None, user_id: str | None, name: str = "Sam") -> dict[str, Any]:
    """A contacts entry: `wa_id` is left out when the user's phone number is unavailable."""
    entry: dict[str, Any] = {"profile": {"name": name}}
    if wa_id is not None:
        entry["wa_id"] = wa_id
    if user_id is not None:
        entry["user_id"] = user_id
    return entry


def message(message_id: str, kind: str, content: dict[str, Any], *, wa_id: str | None,
            user_id: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": message_id, "timestamp": TIMESTAMP, "type": kind, kind: content}
    if wa_id is not None:
        entry["from"] = wa_id
    if user_id is not None:
        entry["from_user_id"] = user_id
    return entry


def text_notification(text: str, message_id: str, *, wa_id: str | None = "447700900123",
                      user_id: str | None = "GB.13491208655302741918") -> dict[str, Any]:
    """What Meta posts when a user sends a text message."""
    return notification(value(contacts=[contact(wa_id, user_id)], messages=[
        message(message_id, "text", {"body": text}, wa_id=wa_id, user_id=user_id)]))


def status(message_id: str, state: str, *, wa_id: str | None, user_id: str | None,
           error_code: int | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": message_id, "status": state, "timestamp": TIMESTAMP}
    if wa_id is not None:
        entry["recipient_id"] = wa_id
    if user_id is not None:
        entry["recipient_user_id"] = user_id
    if state in {"sent", "delivered"}:
        entry["pricing"] = {"billable": True, "pricing_model": "PMP", "type": "regular",
                            "category": "utility"}
    if error_code is not None:
        entry["errors"] = [{"code": error_code, "title": "Message undeliverable",
                            "message": "Message undeliverable",
                            "error_data": {"details": "Message undeliverable."}}]
    return entry


def status_notification(*statuses: dict[str, Any], contacts: list[dict[str, Any]] | None = None
                        ) -> dict[str, Any]:
    """Statuses of messages we sent; `sent`, `delivered` and `read` come with the recipient's
    contacts entry, a `failed` one may come without."""
    return notification(value(contacts=contacts, statuses=list(statuses)))


def system_notification(message_id: str, kind: str, *, old_wa_id: str | None,
                        old_user_id: str | None, new_wa_id: str | None = None,
                        new_user_id: str | None = None) -> dict[str, Any]:
    """A user's new number (`user_changed_number`) or business-scoped user id
    (`user_changed_user_id`); system messages come without a contacts array."""
    system: dict[str, Any] = {"body": "User Sam changed their WhatsApp identity", "type": kind}
    if kind == "user_changed_number" and new_wa_id is not None:
        system["wa_id"] = new_wa_id
    if new_user_id is not None:
        system["user_id"] = new_user_id
    if old_user_id is not None:
        system["previous_user_id"] = old_user_id
    return notification(value(messages=[
        message(message_id, "system", system, wa_id=old_wa_id, user_id=old_user_id)]))
