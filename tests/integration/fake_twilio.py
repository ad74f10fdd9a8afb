"""A small fake of Twilio's REST Messages API on loopback, for adapter tests.

It answers POST /2010-04-01/Accounts/{AccountSid}/Messages.json with the documented Message
JSON (201), checks HTTP basic auth, and fails like Twilio does for a few reserved numbers."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

# Twilio's own magic test number for "invalid To"; we reuse the idea for a refusal.
REFUSED_TO = "whatsapp:+15005550001"
INVALID_TO_ERROR = {"code": 21211, "message": "The 'To' number is not a valid phone number.",
                    "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}


@dataclass
class FakeTwilio:
    account_sid: str
    auth_token: str
    sent: list[dict[str, list[str]]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeTwilio:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake.handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            self._answer(request, 401, {"code": 20003, "message": "Authenticate", "status": 401})
            return
        if request.path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            self._answer(request, 404, {"code": 20404, "message": "Not found", "status": 404})
            return
        length = int(request.headers.get("Content-Length", "0"))
        form = parse_qs(request.rfile.read(length).decode(), keep_blank_values=True)
        if form.get("To") == [REFUSED_TO]:
            self._answer(request, 400, INVALID_TO_ERROR)
            return
        self.sent.append(form)
        self._answer(request, 201, self._message(form, len(self.sent)))

    def _message(self, form: dict[str, list[str]], n: int) -> dict[str, Any]:
        sid = f"SM{n:032x}"
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

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(raw)))
        request.end_headers()
        request.wfile.write(raw)
