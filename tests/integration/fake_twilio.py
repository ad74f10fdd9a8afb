"""A small fake of the Twilio REST API on loopback, for adapter tests and benchmarks.

It serves both hosts the Messenger uses, on one port (the adapter's TWILIO_API_BASE_URL points
every Twilio host here):
- POST /2010-04-01/Accounts/{AccountSid}/Messages.json: answers 201 with the documented Message
  JSON (https://www.twilio.com/docs/messaging/api/message-resource);
- POST /v2/Indicators/Typing.json (messaging.twilio.com): answers 200 `{"success": true}`
  (https://www.twilio.com/docs/whatsapp/api/typing-indicators-resource).
It checks HTTP basic auth (401 with code 20003, as Twilio), answers errors with Twilio's error
JSON (`code`, `message`, `more_info`, `status`), can fail the next N sends on purpose, and can
POST a status callback signed exactly as Twilio signs it."""

from __future__ import annotations

import base64
import json
import re
import threading
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode

from twilio.request_validator import RequestValidator


@dataclass(frozen=True)
class Failure:
    status: int
    code: int
    message: str

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "status": self.status,
                "more_info": f"https://www.twilio.com/docs/errors/{self.code}"}


SERVER_ERROR = Failure(500, 20500, "An internal server error has occurred")
RATE_LIMITED = Failure(429, 20429, "Too Many Requests")
INVALID_TO = Failure(400, 21211, "The 'To' number {to} is not a valid phone number.")
OUTSIDE_WINDOW = Failure(400, 63016, "Failed to send freeform message because you are outside "
                                     "the allowed window. Please use a Message Template.")
BAD_CREDENTIALS = Failure(401, 20003, "Authenticate")
NO_CONTENT = Failure(400, 21619, "A text message body or media urls must be specified.")
NOT_FOUND = Failure(404, 20404, "The requested resource was not found")
# Twilio's own magic test number for "invalid To"; a send to it always fails with 21211.
REFUSED_TO = "whatsapp:+15005550001"
TYPING_PATH = "/v2/Indicators/Typing.json"
_MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many senders connect at once; the default backlog is 5


@dataclass
class FakeTwilio:
    account_sid: str
    auth_token: str
    sent: list[dict[str, list[str]]] = field(default_factory=list)
    typing: list[dict[str, list[str]]] = field(default_factory=list)
    requests: int = 0
    server: ThreadingHTTPServer | None = None
    _failures: deque[Failure] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def messages_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    def start(self) -> FakeTwilio:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Twilio's API does

            def do_POST(self) -> None:
                fake.handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def fail_next_sends(self, count: int, failure: Failure) -> None:
        """The next `count` message creates are refused with `failure` (typing is unaffected)."""
        with self._lock:
            self._failures.extend([failure] * count)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length", "0"))
        form = parse_qs(request.rfile.read(length).decode(), keep_blank_values=True)
        with self._lock:
            self.requests += 1
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            self._refuse(request, BAD_CREDENTIALS)
        elif request.path == self.messages_path:
            self._create_message(request, form)
        elif request.path == TYPING_PATH:
            self._typing(request, form)
        else:
            self._refuse(request, NOT_FOUND)

    def _create_message(self, request: BaseHTTPRequestHandler, form: dict[str, list[str]]) -> None:
        with self._lock:
            failure = self._failures.popleft() if self._failures else None
        to = form.get("To", [""])[0]
        if failure is None and to == REFUSED_TO:
            failure = INVALID_TO
        if failure is None and not (form.get("Body", [""])[0] or form.get("MediaUrl")
                                    or form.get("ContentSid")):
            failure = NO_CONTENT
        if failure is not None:
            self._refuse(request, failure, to=to)
            return
        with self._lock:
            self.sent.append(form)
            n = len(self.sent)
        self._answer(request, 201, self._message(form, n))

    def _typing(self, request: BaseHTTPRequestHandler, form: dict[str, list[str]]) -> None:
        message_id = form.get("messageId", [""])[0]
        if form.get("channel") != ["whatsapp"] or not _MESSAGE_SID.match(message_id):
            # Twilio documents the parameters but not this refusal's code; 20001 is assumed.
            self._refuse(request, Failure(400, 20001, "Invalid messageId or channel"))
            return
        with self._lock:
            self.typing.append(form)
        self._answer(request, 200, {"success": True})

    def sid_of(self, n: int) -> str:
        """The SID the fake gives the n-th accepted message (1-based)."""
        return f"SM{n:032x}"

    def _message(self, form: dict[str, list[str]], n: int) -> dict[str, Any]:
        sid = self.sid_of(n)
        return {
            "account_sid": self.account_sid, "api_version": "2010-04-01",
            "body": form.get("Body", [""])[0], "date_created": "Thu, 01 Jan 2026 09:00:00 +0000",
            "date_sent": None, "date_updated": "Thu, 01 Jan 2026 09:00:00 +0000",
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": form.get("From", [""])[0], "messaging_service_sid": None,
            "num_media": str(len(form.get("MediaUrl", []))), "num_segments": "1", "price": None,
            "price_unit": "USD", "sid": sid, "status": "queued", "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"},
            "to": form.get("To", [""])[0],
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }

    def _refuse(self, request: BaseHTTPRequestHandler, failure: Failure, to: str = "") -> None:
        body = failure.body()
        body["message"] = failure.message.format(to=to)  # Twilio quotes the number it refuses
        self._answer(request, failure.status, body)

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(raw)))
        request.end_headers()
        request.wfile.write(raw)

    def status_callback_form(self, message_sid: str, status: str, *, to: str, from_: str,
                             error_code: int | None = None) -> dict[str, str]:
        """The form Twilio POSTs to a WhatsApp message's StatusCallback (message-resource docs,
        "Twilio's request to the StatusCallback URL"; WhatsApp adds the Channel* fields)."""
        form = {"MessageSid": message_sid, "SmsSid": message_sid, "MessageStatus": status,
                "SmsStatus": status, "AccountSid": self.account_sid, "From": from_, "To": to,
                "ApiVersion": "2010-04-01", "ChannelPrefix": "whatsapp",
                "ChannelInstallSid": "XE" + "0" * 32, "ChannelToAddress": to.removeprefix("whatsapp:")}
        if error_code is not None:
            form["ErrorCode"] = str(error_code)
        return form

    def sign(self, url: str, form: dict[str, str]) -> str:
        """X-Twilio-Signature for a form POST to `url` (the full URL, query included)."""
        return str(RequestValidator(self.auth_token).compute_signature(url, form))

    def post_status_callback(self, url: str, message_sid: str, status: str, *, to: str,
                             from_: str, error_code: int | None = None,
                             timeout: float = 10.0) -> int:
        """POST a signed status callback to `url`, as Twilio does; return the HTTP status."""
        form = self.status_callback_form(message_sid, status, to=to, from_=from_,
                                         error_code=error_code)
        request = urllib.request.Request(  # noqa: S310 - tests post to loopback URLs they built
            url, data=urlencode(form).encode(), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "X-Twilio-Signature": self.sign(url, form),
                     "I-Twilio-Idempotency-Token": f"{message_sid}-{status}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return int(answer.status)
        except urllib.error.HTTPError as refused:
            return int(refused.code)
