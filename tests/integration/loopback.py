"""A threaded HTTP server on a free loopback port, for the fake provider APIs the tests start."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handle = Callable[[BaseHTTPRequestHandler, str], None]


class LoopbackServer:
    """Hands every request of the given methods to `handle(request, method)`; logs nothing."""

    def __init__(self, handle: Handle, *methods: str) -> None:
        def on(method: str) -> Callable[[BaseHTTPRequestHandler], None]:
            return lambda request: handle(request, method)

        members: dict[str, Any] = {f"do_{m}": on(m) for m in methods}
        members["log_message"] = lambda request, format, *args: None
        handler = type("Handler", (BaseHTTPRequestHandler,), members)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def send_json(request: BaseHTTPRequestHandler, status: int, body: Any) -> None:
    """Answer with `body` as JSON."""
    raw = json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(raw)))
    request.end_headers()
    request.wfile.write(raw)
