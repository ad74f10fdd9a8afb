"""A slow fake OpenAI-compatible server in its own process.

POST /v1/chat/completions answers after --delay seconds with a valid structured-output answer
built from the request's response_format json_schema (strings, enums, booleans, numbers,
arrays, nested objects); every string is tagged with MARKER so a benchmark can tell a real model
reply from the app's fallback. POST /v1/moderations answers at once: nothing flagged.
GET /_bench/stats: the calls so far and the most in flight at once (`?reset_peak=1`: counted
afresh from then on).

Run: python -m bench.support.fake_openai --port P --delay 2"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from typing import Any

import uvicorn
from bench.support.asgi import Receive, Scope, Send, lifespan, read_body, respond

MARKER = "[slow-fake-model]"
MODERATION_CATEGORIES = (
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent", "sexual",
    "sexual/minors", "violence", "violence/graphic",
)


def example(schema: dict[str, Any], defs: dict[str, Any], name: str = "value") -> Any:
    """A value that satisfies `schema` (the subset pydantic emits for our models)."""
    if "$ref" in schema:
        return example(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, name)
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example(options[0], defs, name)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {key: example(sub, defs, key) for key, sub in props.items()}
    if kind == "array":
        return [example(schema.get("items", {}), defs, name)]
    if kind == "boolean":
        return False
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "null":
        return None
    if name == "reply":
        return (f"{MARKER} That sounds hard. What would you say to a friend who had the same "
                "thought?")
    return f"{MARKER} {name}"


class FakeOpenAI:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.counts: Counter[str] = Counter()
        self.in_flight = 0
        self.peak_in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        path = scope["path"]
        if scope["method"] == "GET" and path == "/_bench/stats":
            await respond(send, 200, {**self.counts, "peak_in_flight": self.peak_in_flight})
            if b"reset_peak" in scope.get("query_string", b""):  # the next part's peak alone
                self.peak_in_flight = self.in_flight
            return
        raw = await read_body(receive)
        try:
            request = json.loads(raw or b"{}")
        except ValueError:
            await respond(send, 400, _error("body is not JSON"))
            return
        if path.endswith("/chat/completions"):
            await self._chat(request, send)
        elif path.endswith("/moderations"):
            self.counts["moderations"] += 1
            await respond(send, 200, _moderation(request))
        else:
            await respond(send, 404, _error(f"no route {path}"))

    async def _chat(self, request: dict[str, Any], send: Send) -> None:
        self.counts["chat"] += 1
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        form = request.get("response_format") or {}
        if form.get("type") == "json_schema":
            schema = form["json_schema"].get("schema", {})
            content = json.dumps(example(schema, schema.get("$defs", {})))
        else:
            content = f"{MARKER} Thank you for telling me."
        await respond(send, 200, {
            "id": f"chatcmpl-bench{self.counts['chat']}", "object": "chat.completion",
            "created": int(time.time()), "model": request.get("model", "fake"),
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": content, "refusal": None}}],
            "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150},
        })


def _moderation(request: dict[str, Any]) -> dict[str, Any]:
    inputs = request.get("input")
    count = len(inputs) if isinstance(inputs, list) else 1
    result = {"flagged": False, "categories": dict.fromkeys(MODERATION_CATEGORIES, False),
              "category_scores": dict.fromkeys(MODERATION_CATEGORIES, 0.0001),
              "category_applied_input_types": {c: ["text"] for c in MODERATION_CATEGORIES}}
    return {"id": "modr-bench", "model": "omni-moderation-latest", "results": [result] * count}


def _error(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay", type=float, default=2.0)
    args = parser.parse_args()
    uvicorn.run(FakeOpenAI(args.delay), host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False, backlog=4096, timeout_keep_alive=30)


if __name__ == "__main__":
    main()
