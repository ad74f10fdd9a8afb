"""Every request that reached the model's server, with the tokens it used: what a paid API bills,
including answers thrown away (cut by the timeout, refused, unreadable) and the risk check's.

A turn's own usage (on its inbound message) counts only the answers that made the turn; this
ledger counts every attempt, so the admin's cost figure is what the provider charges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelCall:
    """One attempt at a model request (never the text, nor whose it was)."""

    at: datetime
    model: str
    kind: str
    """What the request was for: `converse`, `extract`, `risk-check`."""
    outcome: str
    """`ok` (an answer came back, readable or not), or why none did (`timed out`, `HTTP 500`,
    `rate limited (429)`, `cancelled`, ...)."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = False
    """The server reported no usage (the attempt was cut or failed): the tokens are an estimate
    from the request's length."""


class ModelCallLog(Protocol):
    async def record(self, call: ModelCall) -> None:
        """Keep one attempt; never raises (a lost record must not fail the user's turn)."""
        ...
