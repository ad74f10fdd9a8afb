"""Ports for time, identity, language models, messaging, screening and scheduling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bobby_core.charts import ScoreBars, ShareDonut
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import LayerVerdict, OutboundMessage


class Clock(Protocol):
    def now(self) -> datetime:
        """Return the current time, timezone-aware (UTC)."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> str:
        """Return a fresh, unique, unguessable identifier."""
        ...


class ZoneFinder(Protocol):
    def zone_for_phone(self, phone: str) -> str:
        """The IANA time zone a new user most likely lives in, from their E.164 phone ("UTC"
        when the number tells nothing)."""
        ...

    def zone_for_region(self, region: str) -> str:
        """The IANA time zone most people of a country (ISO 3166 alpha-2) live in ("UTC" when
        the code tells nothing): the guess for a user known without a phone number."""
        ...


class LanguageModel(Protocol):
    @property
    def name(self) -> str:
        """A short name for logs and usage records (e.g. `offline`, `openai:gpt-4.1-mini`)."""
        ...

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        """Produce the next message of a loop and say whether it is done.

        Raise ExternalServiceError when the model is unreachable, slow or answers malformed."""
        ...

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        """Fill the requested fields from the text; choice fields hold one of their choices.

        Raise ExternalServiceError when the model is unreachable, slow or answers malformed."""
        ...


class Messenger(Protocol):
    async def send(self, message: OutboundMessage) -> str:
        """Hand one message to the provider for one known user; return the provider's message id.

        Raise DeliveryError (with the provider's code, whether a retry could succeed, and
        whether WhatsApp's 24-hour window is closed) when the provider refuses, cannot reach
        this recipient (no phone where one is needed), or cannot be reached."""
        ...

    async def show_typing(self, provider_message_id: str) -> None:
        """Show the typing indicator on the user's inbound message (best effort).

        Raise ExternalServiceError on failure; callers never let it affect the turn."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreeningResult:
    flagged: bool
    categories: tuple[str, ...] = ()
    screener: str = ""
    verdicts: tuple[LayerVerdict, ...] = ()
    """Each layer's own verdict (flagged or not, or failed), for the safety event."""
    check_in: bool = False
    """A warning sign short of the crisis reply (the model risk check's "moderate"): the turn
    goes on, with a gentle check-in and the helplines before its reply. Never set with
    `flagged`."""


class CrisisScreener(Protocol):
    async def screen(self, text: str) -> ScreeningResult:
        """Say whether the text carries a crisis signal (self-harm, suicide, harm, abuse).

        Raise ExternalServiceError when a remote screener is unreachable."""
        ...


class GuardMeter(Protocol):
    def guard_decision(self, kind: str, action: str, flow_id: str, step_id: str) -> None:
        """Count one reply-guard decision (never the text); never raises, never waits."""
        ...


class MediaStorage(Protocol):
    async def put(self, content: bytes, content_type: str, suffix: str, key: str) -> str:
        """Store a generated file (a chart) under `key`, an unguessable id, and return its
        public URL; storing again under the same key replaces the file at the same URL.

        Raise ExternalServiceError when the store is unreachable."""
        ...

    async def remove(self, url: str) -> bool:
        """Delete the file behind a URL `put` returned; False when it was gone already or the
        URL is not one of this store's. Raise ExternalServiceError when the store is
        unreachable."""
        ...

    async def remove_older_than(self, cutoff: datetime) -> int:
        """Delete every stored file written before `cutoff`; return how many. Raise
        ExternalServiceError when the store is unreachable."""
        ...


class PublicAddress(Protocol):
    @property
    def base_url(self) -> str:
        """Where users reach this server now (`https://host`, no trailing slash)."""
        ...


class ChartRenderer(Protocol):
    async def bar_chart(self, chart: ScoreBars) -> bytes:
        """Draw named scores as bars against their bands, as a PNG image."""
        ...

    async def donut(self, chart: ShareDonut) -> bytes:
        """Draw a share of a whole as a ring with the percentage inside, as a PNG image."""
        ...
