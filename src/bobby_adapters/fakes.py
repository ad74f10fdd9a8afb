"""Test doubles for the service ports: a settable clock, readable ids, a recording messenger."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bobby_core.charts import ScoreBars, ShareDonut
from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.model import MessageTemplate, OutboundMessage
from bobby_core.ports import Clock


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class SequentialIdGenerator:
    def __init__(self, prefix: str = "id") -> None:
        self._prefix = prefix
        self._counter = itertools.count(1)

    def new_id(self) -> str:
        return f"{self._prefix}{next(self._counter):06d}"


@dataclass(frozen=True, slots=True)
class SentMessage:
    to_phone: str | None
    body: str
    media_url: str | None
    provider_id: str
    reference: str = ""
    template: MessageTemplate | None = None
    to_user_id: str | None = None


class FakeMessenger:
    """Records what would have been sent. `fail` makes every send raise like a provider that
    is down; `failures` queues errors for the next sends (then sends succeed again)."""

    def __init__(self) -> None:
        self.sent: list[SentMessage] = []
        self.typing: list[str] = []
        self.fail = False
        self.failures: list[DeliveryError] = []
        self.attempts = 0
        self._ids = itertools.count(1)

    async def send(self, message: OutboundMessage) -> str:
        self.attempts += 1
        if self.fail:
            raise DeliveryError(None, permanent=False, detail="unreachable")
        if self.failures:
            raise self.failures.pop(0)
        # Unique like Twilio's (a new fake in a later "process" must not repeat one), and never
        # like a test's own inbound SIDs.
        provider_id = f"SMfa{next(self._ids):06d}{uuid.uuid4().hex[:24]}"
        self.sent.append(SentMessage(message.to.phone, message.body, message.media_url,
                                     provider_id, message.reference, message.template,
                                     message.to.provider_user_id))
        return provider_id

    async def show_typing(self, provider_message_id: str) -> None:
        if self.fail:
            raise ExternalServiceError("messenger", "typing indicator refused")
        self.typing.append(provider_message_id)


@dataclass(frozen=True, slots=True)
class StoredMedia:
    content: bytes
    content_type: str
    stored_at: datetime | None = None


class InMemoryMediaStorage:
    """Keeps stored files by URL; `fail` makes the next puts raise like an unreachable store."""

    def __init__(self, base_url: str = "https://media.test", clock: Clock | None = None) -> None:
        self.files: dict[str, StoredMedia] = {}
        self._clock = clock
        self.fail = False
        self._base = base_url
        self.puts = 0

    async def put(self, content: bytes, content_type: str, suffix: str, key: str) -> str:
        if self.fail:
            raise ExternalServiceError("storage", "unreachable")
        url = f"{self._base}/media/{key}{suffix}"
        self.puts += 1
        self.files[url] = StoredMedia(content, content_type,
                                      self._clock.now() if self._clock else None)
        return url

    async def remove(self, url: str) -> bool:
        if self.fail:
            raise ExternalServiceError("storage", "unreachable")
        return self.files.pop(url, None) is not None

    async def remove_older_than(self, cutoff: datetime) -> int:
        if self.fail:
            raise ExternalServiceError("storage", "unreachable")
        old = [url for url, f in self.files.items() if f.stored_at is not None
               and f.stored_at < cutoff]
        for url in old:
            del self.files[url]
        return len(old)


@dataclass
class FakeChartRenderer:
    """Records what it was asked to draw and returns a small fake PNG naming the kind."""

    bar_charts: list[ScoreBars] = field(default_factory=list)
    donuts: list[ShareDonut] = field(default_factory=list)

    async def bar_chart(self, chart: ScoreBars) -> bytes:
        self.bar_charts.append(chart)
        return b"\x89PNG fake bar chart"

    async def donut(self, chart: ShareDonut) -> bytes:
        self.donuts.append(chart)
        return b"\x89PNG fake donut"


@dataclass
class FakeTaskQueue:
    """Records what was queued (user ids, with the delay asked for); runs nothing itself."""

    turns: list[tuple[str, timedelta | None]] = field(default_factory=list)
    deliveries: list[tuple[str, timedelta | None]] = field(default_factory=list)
    reminders: dict[tuple[str, str], tuple[str, datetime]] = field(default_factory=dict)
    """(user, reminder kind) -> (reminder id, when): the waiting reminder job of each."""
    idle_checks: dict[str, datetime] = field(default_factory=dict)
    down: bool = False

    async def defer_turns(self, user_id: str, delay: timedelta | None = None) -> None:
        if self.down:
            raise ExternalServiceError("queue", "unreachable")
        self.turns.append((user_id, delay))

    async def defer_turns_many(self, user_ids: Sequence[str]) -> None:
        for user_id in user_ids:
            await self.defer_turns(user_id)

    async def defer_delivery(self, user_id: str, delay: timedelta | None = None) -> None:
        if self.down:
            raise ExternalServiceError("queue", "unreachable")
        self.deliveries.append((user_id, delay))

    async def schedule_reminder(self, user_id: str, kind: str, reminder_id: str,
                                at: datetime) -> None:
        if self.down:
            raise ExternalServiceError("queue", "unreachable")
        self.reminders[(user_id, kind)] = (reminder_id, at)

    async def schedule_idle_check(self, user_id: str, at: datetime) -> None:
        if self.down:
            raise ExternalServiceError("queue", "unreachable")
        waiting = self.idle_checks.get(user_id)
        self.idle_checks[user_id] = at if waiting is None else min(waiting, at)

    async def forget_user(self, user_id: str) -> int:
        if self.down:
            raise ExternalServiceError("queue", "unreachable")
        dropped = len(self.turns) + len(self.deliveries) + len(self.reminders)
        self.turns = [t for t in self.turns if t[0] != user_id]
        self.deliveries = [d for d in self.deliveries if d[0] != user_id]
        self.reminders = {k: v for k, v in self.reminders.items() if k[0] != user_id}
        dropped -= len(self.turns) + len(self.deliveries) + len(self.reminders)
        return dropped + (self.idle_checks.pop(user_id, None) is not None)

    def take_due(self, now: datetime) -> tuple[list[str], list[str]]:
        """Remove and return the reminder ids and idle-check users due at `now` (what a
        worker would run), so a test can run them against its controllable clock."""
        reminders = [rid for key, (rid, at) in list(self.reminders.items()) if at <= now
                     and self.reminders.pop(key)]
        idle = [user for user, at in list(self.idle_checks.items()) if at <= now
                and self.idle_checks.pop(user)]
        return reminders, idle
