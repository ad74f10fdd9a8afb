"""The model-call ledger in memory (`bobby chat --memory`, tests): one process only."""

from __future__ import annotations

from bobby_core.ports.usage import ModelCall


class InMemoryModelCallLog:
    def __init__(self) -> None:
        self.calls: list[ModelCall] = []

    async def record(self, call: ModelCall) -> None:
        self.calls.append(call)
