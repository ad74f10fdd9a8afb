"""A fake OpenAI-compatible server on loopback, scripted per test.

openai 3.x sends through httpx2, which respx cannot intercept, so the adapters are tested over
real HTTP against this server via `base_url`. It answers /v1/chat/completions and
/v1/moderations in the documented JSON shapes; each test queues the answers it wants (normal,
malformed, slow, an error status) and reads back the requests it received.

A "slow" answer is `held`: the server keeps the request open until the test (or the server's
exit) releases it, so a client timeout is certain, whatever the machine's speed."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from openai import AsyncOpenAI

from bobby_adapters.fakes import FakeClock
from bobby_adapters.memory_model_calls import InMemoryModelCallLog
from bobby_adapters.model_retry import RetryPolicy
from bobby_adapters.openai_calls import OpenAIStructuredCalls

MODERATION_CATEGORIES = (
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent", "sexual",
    "sexual/minors", "violence", "violence/graphic",
)


@dataclass(frozen=True)
class Scripted:
    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    held: bool = False
    """Answer only once the server's `released` event is set (a timeout, for certain)."""


def chat_answer(content: str | None, prompt_tokens: int = 50, completion_tokens: int = 12,
                finish_reason: str = "stop", refusal: str | None = None) -> Scripted:
    return Scripted(body={
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 1767600000,
        "model": "fake-model",
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


def held(answer: Scripted) -> Scripted:
    """The same answer, sent only after the client has given up on it."""
    return Scripted(status=answer.status, body=answer.body, headers=answer.headers, held=True)


def no_usage(answer: Scripted) -> Scripted:
    """The same answer without `usage` (some compatible servers send none)."""
    assert isinstance(answer.body, dict)
    body = {k: v for k, v in answer.body.items() if k != "usage"}
    return Scripted(status=answer.status, body=body, headers=answer.headers)


def moderation_answer(scores: dict[str, float] | None = None, threshold: float = 0.5) -> Scripted:
    scores = {c: 0.0001 for c in MODERATION_CATEGORIES} | (scores or {})
    categories = {c: scores[c] >= threshold for c in MODERATION_CATEGORIES}
    return Scripted(body={
        "id": "modr-fake", "model": "omni-moderation-latest",
        "results": [{"flagged": any(categories.values()), "categories": categories,
                     "category_scores": scores,
                     "category_applied_input_types": {c: ["text"] for c in MODERATION_CATEGORIES}}],
    })


def error_answer(status: int, message: str = "fake failure", **headers: str) -> Scripted:
    kinds = {429: "rate_limit_exceeded", 500: "server_error", 503: "server_error"}
    return Scripted(status=status, headers=headers, body={"error": {
        "message": message, "type": kinds.get(status, "invalid_request_error"), "param": None,
        "code": kinds.get(status)}})


def structured(client: AsyncOpenAI, timeout: float = 5.0, retries: int = 1,
               calls: InMemoryModelCallLog | None = None, waits: list[float] | None = None,
               service: str = "openai") -> OpenAIStructuredCalls:
    """Bobby's attempts on `client`; a back-off is noted in `waits`, not waited for."""
    async def no_wait(seconds: float) -> None:
        if waits is not None:
            waits.append(seconds)

    return OpenAIStructuredCalls(client, "fake-model", calls or InMemoryModelCallLog(),
                                 FakeClock(), timeout_seconds=timeout,
                                 policy=RetryPolicy(retries=retries), service=service,
                                 random_fraction=lambda: 0.5, sleep=no_wait)


@dataclass
class Received:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]


class FakeOpenAI:
    """Start with `with FakeOpenAI() as server:`; `server.base_url` ends in /v1."""

    def __init__(self, port: int = 0) -> None:
        """`port` 0 takes a free one; a given port lets a test bring "the same" server back."""
        self.scripts: dict[str, deque[Scripted]] = {"chat": deque(), "moderations": deque()}
        self.received: list[Received] = []
        self.released = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def chat(self, *answers: Scripted) -> None:
        self.scripts["chat"].extend(answers)

    def moderations(self, *answers: Scripted) -> None:
        self.scripts["moderations"].extend(answers)

    def requests_to(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    routes = {"/v1/chat/completions": "chat", "/v1/moderations": "moderations"}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            raw = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            fake.received.append(Received(self.path, json.loads(raw or b"{}"), headers))
            route = routes.get(self.path)
            queue = fake.scripts.get(route or "")
            if not queue:
                self._send(error_answer(404, f"nothing scripted for {self.path}"))
                return
            answer = queue.popleft()
            if answer.held:
                fake.released.wait(timeout=60)
            if answer.delay:
                time.sleep(answer.delay)
            self._send(answer)

        def _send(self, answer: Scripted) -> None:
            payload = answer.body if isinstance(answer.body, str) else json.dumps(answer.body)
            data = payload.encode()
            try:
                self.send_response(answer.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for name, value in answer.headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read `received` instead."""

    return Handler
