"""A fake Twilio REST API in its own process: captures every send, answers like Twilio.

POST /2010-04-01/Accounts/{AccountSid}/Messages.json  -> 201, the documented Message JSON
POST /v2/Indicators/Typing.json                       -> 200 {"success": true}
GET  /_bench/sent?since=<unix time>                   -> every capture since then (to, body, t)
GET  /_bench/wait?to=<whatsapp:+..>&contains=<text>&since=<unix time>&timeout=<s>
                                                      -> 200 once such a message was sent, else 408
GET  /_bench/stats                                    -> counters

Run: python -m bench.support.fake_twilio --port P --account-sid AC.. --auth-token T"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from bench.support.asgi import Receive, Scope, Send, lifespan, read_body, respond


@dataclass
class Capture:
    to: str
    body: str
    t: float
    sid: str


@dataclass
class Box:
    """Messages to one address, and an event set whenever one more arrives."""

    messages: list[Capture] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


class FakeTwilio:
    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self._auth = "Basic " + base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self._messages_path = f"/2010-04-01/Accounts/{account_sid}/Messages.json"
        self.sent: list[Capture] = []
        self.boxes: dict[str, Box] = {}
        self.counts: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        path, method = scope["path"], scope["method"]
        if method == "GET" and path.startswith("/_bench/"):
            await self._bench(path, parse_qs(scope.get("query_string", b"").decode()), send)
            return
        body = await read_body(receive)
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        if headers.get("authorization") != self._auth:
            self.counts["unauthorised"] += 1
            await respond(send, 401, {"code": 20003, "message": "Authenticate", "status": 401})
            return
        form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        if method == "POST" and path == self._messages_path:
            await respond(send, 201, self._message(form))
        elif method == "POST" and path == "/v2/Indicators/Typing.json":
            self.counts["typing"] += 1
            await respond(send, 200, {"success": True})
        else:
            self.counts["not_found"] += 1
            await respond(send, 404, {"code": 20404, "message": "Not found", "status": 404})

    def _message(self, form: dict[str, str]) -> dict[str, Any]:
        self.counts["messages"] += 1
        sid = f"SM{self.counts['messages']:032x}"
        to, body = form.get("To", ""), form.get("Body", "")
        capture = Capture(to=to, body=body, t=time.time(), sid=sid)
        self.sent.append(capture)
        box = self.boxes.setdefault(to, Box())
        box.messages.append(capture)
        box.arrived.set()
        box.arrived = asyncio.Event()
        base = f"/2010-04-01/Accounts/{self.account_sid}/Messages"
        now = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
        return {
            "account_sid": self.account_sid, "api_version": "2010-04-01", "body": body,
            "date_created": now, "date_sent": None, "date_updated": now,
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": form.get("From", ""), "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "1" if form.get("MediaUrl") else "0", "num_segments": "1", "price": None,
            "price_unit": "USD", "sid": sid, "status": "queued",
            "subresource_uris": {"media": f"{base}/{sid}/Media.json"}, "to": to,
            "uri": f"{base}/{sid}.json",
        }

    async def _bench(self, path: str, query: dict[str, list[str]], send: Send) -> None:
        def arg(name: str, default: str = "") -> str:
            return query.get(name, [default])[0]

        if path == "/_bench/sent":
            since = float(arg("since", "0"))
            rows = [c.__dict__ for c in self.sent if c.t >= since]
            await respond(send, 200, {"total": len(self.sent), "messages": rows})
        elif path == "/_bench/wait":
            found = await self._wait(arg("to"), arg("contains"), float(arg("since", "0")),
                                     float(arg("timeout", "30")))
            if found is None:
                await respond(send, 408, {"found": None})
            else:
                await respond(send, 200, {"found": found.__dict__})
        elif path == "/_bench/stats":
            await respond(send, 200, dict(self.counts))
        else:
            await respond(send, 404, {})

    async def _wait(self, to: str, contains: str, since: float, seconds: float) -> Capture | None:
        box = self.boxes.setdefault(to, Box())
        deadline = time.monotonic() + seconds
        seen = 0
        while True:
            for capture in box.messages[seen:]:
                if capture.t >= since and contains in capture.body:
                    return capture
            seen = len(box.messages)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(box.arrived.wait(), remaining)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--auth-token", required=True)
    args = parser.parse_args()
    app = FakeTwilio(args.account_sid, args.auth_token)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False,
                backlog=4096, timeout_keep_alive=30)


if __name__ == "__main__":
    main()
