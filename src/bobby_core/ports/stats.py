"""The operator's read-only view: what the admin pages show, never a message text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from bobby_core.privacy.model import Erasure
from bobby_core.safety.guard_events import GuardCount
from bobby_core.subscriptions.model import Subscription


@dataclass(frozen=True, slots=True, kw_only=True)
class UserLine:
    user_id: str
    phone_hint: str
    """The last digits only (`…0123`): enough to answer a user, not a list of numbers."""
    created_at: datetime
    consent: str
    opted_out: bool
    last_message_at: datetime | None
    subscriptions: tuple[Subscription, ...] = ()
    """What their access is decided from (see `Paywall.access`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FunnelLine:
    flow_id: str
    flow_version: int
    started: int
    finished: int
    abandoned: int
    in_progress: int
    abandoned_at: dict[str, int] = field(default_factory=dict)
    """Abandoned results by the step they were left at."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FeelPoint:
    flow_id: str
    day: date
    average: float
    answers: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedbackLine:
    created_at: datetime
    kind: str
    flow_id: str | None
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SafetyLine:
    created_at: datetime
    categories: tuple[str, ...]
    screener: str
    flow_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureLine:
    error_code: str
    status: str
    count: int
    last_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageLine:
    flow_id: str
    """The exercise running when the model was called ("-" outside any finished one)."""
    prompt_tokens: int
    completion_tokens: int
    turns: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelCallLine:
    """Every request that reached the model, by kind and outcome (answers thrown away too)."""

    kind: str
    """`converse`, `extract`, `risk-check`."""
    outcome: str
    attempts: int
    estimated: int
    """Attempts whose tokens are an estimate (cut or failed: the server reported none)."""
    prompt_tokens: int
    completion_tokens: int


class OperatorStats(Protocol):
    async def users(self, limit: int) -> list[UserLine]:
        """The newest users with their consent, opt-out and subscription state."""
        ...

    async def funnels(self) -> list[FunnelLine]:
        """Per exercise and version: started, finished, abandoned (by step), in progress."""
        ...

    async def feel_after(self) -> list[FeelPoint]:
        """The average feel-after score per exercise and day, oldest first."""
        ...

    async def feedback(self, limit: int) -> list[FeedbackLine]:
        """The newest feedback and "why not buy" answers, text decrypted."""
        ...

    async def safety_events(self, limit: int) -> list[SafetyLine]:
        """The newest safety events: categories and times, never what was written."""
        ...

    async def guard_counts(self) -> list[GuardCount]:
        """Reply-guard decisions counted by flow, step, kind and action, most frequent first."""
        ...

    async def delivery_failures(self) -> list[FailureLine]:
        """Failed or undelivered replies by the provider's error code, most frequent first."""
        ...

    async def usage(self) -> list[UsageLine]:
        """Model tokens per exercise (the exercise a turn fell in)."""
        ...

    async def model_calls(self) -> list[ModelCallLine]:
        """Every attempt's tokens by kind and outcome, most tokens first (what is billed)."""
        ...

    async def erasures(self, limit: int) -> list[Erasure]:
        """The newest erasure records (when, from where, files removed; nobody named)."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelPrices:
    """What the model costs, in US dollars per million tokens (MODEL_INPUT_PRICE, ...)."""

    input_per_million: float = 0.40
    output_per_million: float = 1.60

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """The estimated cost of these tokens, in US dollars."""
        return (prompt_tokens * self.input_per_million
                + completion_tokens * self.output_per_million) / 1_000_000
