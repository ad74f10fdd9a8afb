"""A user's local time: when a reminder "in 2 days" goes, quiet hours, and naming a zone in chat.

All arithmetic happens on the local wall clock (zoneinfo) and is turned into one UTC instant at
the end, so a daylight-saving change between now and the reminder neither shifts it (10:00
stays 10:00) nor doubles it (a single instant is stored)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_ZONE = "UTC"
MORNING = time(9, 0)
"""When a "next morning" nudge goes (moved out of quiet hours if they reach past it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class QuietHours:
    """Local hours in which nothing is sent first: from `start` (inclusive) to `end` (exclusive).

    `start > end` wraps midnight (the default 21-8 is 21:00 to 08:00); `start == end` is none."""

    start: int = 21
    end: int = 8

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """`"21-8"` -> QuietHours(21, 8); raise ValueError for anything else."""
        match = re.fullmatch(r"\s*(\d{1,2})\s*-\s*(\d{1,2})\s*", text)
        if match is None:
            raise ValueError("quiet hours look like 21-8 (from hour - to hour, 0-23)")
        start, end = int(match.group(1)), int(match.group(2))
        if not (0 <= start <= 23 and 0 <= end <= 23):
            raise ValueError("quiet hours are whole hours from 0 to 23")
        return cls(start=start, end=end)

    def contains(self, moment: time) -> bool:
        hour = moment.hour
        if self.start == self.end:
            return False
        if self.start > self.end:
            return hour >= self.start or hour < self.end
        return self.start <= hour < self.end

    def after(self, local: datetime) -> datetime:
        """`local` itself, or the end of the quiet hours it falls in (never earlier)."""
        if not self.contains(local.time()):
            return local
        end = local.replace(hour=self.end, minute=0, second=0, microsecond=0)
        return end if end > local else end + timedelta(days=1)


def zone(name: str | None) -> ZoneInfo:
    """The zone of this IANA name; UTC for an unknown or missing one."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def local_date(now: datetime, zone_name: str | None) -> date:
    return now.astimezone(zone(zone_name)).date()


def _instant(wall: datetime, tz: ZoneInfo) -> datetime:
    """A naive local wall-clock time as one UTC instant. A time that does not exist (the hour
    skipped in spring) moves forward by the gap; a repeated one (autumn) takes the first
    (PEP 495: fold=0 reads both with the offset in force before the change)."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


def due_in_days(now: datetime, zone_name: str | None, days: int, quiet: QuietHours) -> datetime:
    """`days` days from today in the user's calendar, at the same local time moved out of
    quiet hours but never off that day ("tomorrow" asked at 23:00 is tomorrow evening, not
    the morning after)."""
    tz = zone(zone_name)
    wall = now.astimezone(tz).replace(tzinfo=None) + timedelta(days=days)
    return _instant(_within_the_day(wall, quiet), tz)


def _within_the_day(wall: datetime, quiet: QuietHours) -> datetime:
    """`wall`, else the end of its quiet hours if that is the same day, else the last hour of
    that day before they begin."""
    moved = quiet.after(wall)
    if moved.date() == wall.date():
        return moved
    for hour in range(wall.hour - 1, -1, -1):
        earlier = wall.replace(hour=hour, minute=0, second=0, microsecond=0)
        if not quiet.contains(earlier.time()):
            return earlier
    return moved  # pragma: no cover - quiet hours never fill a whole day


def next_morning(now: datetime, zone_name: str | None, quiet: QuietHours) -> datetime:
    """The next local day's morning (MORNING, or the end of quiet hours if later)."""
    tz = zone(zone_name)
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    return _instant(quiet.after(datetime.combine(tomorrow, MORNING)), tz)


_ZONE_REQUEST = re.compile(
    r"^\s*(?:my\s+)?(?:time\s*zone|tz|city)\s*(?:is|:|=)?\s*(?P<name>[\w/+\-' .]+?)\s*[.!]?\s*$",
    re.IGNORECASE)


@cache
def _zone_names() -> dict[str, str]:
    """Every IANA zone by its lower-case name and by its city (`paris` -> `Europe/Paris`)."""
    names: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if not re.match(r"^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|"
                        r"Pacific)/", name) and name != "UTC":
            continue
        names[name.lower()] = name
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        names.setdefault(city, name)
    return names


def zone_request(text: str) -> str | None:
    """The zone a message like `time zone Europe/Paris` or `my city is New York` names, or
    None when the message is not such a request (or names no zone we know)."""
    match = _ZONE_REQUEST.match(text)
    if match is None:
        return None
    wanted = " ".join(match.group("name").replace("_", " ").split()).lower()
    names = _zone_names()
    return names.get(wanted) or names.get(wanted.replace(" ", "_"))


_ASKS_FOR_ZONE = re.compile(r"^\s*(?:(?:my\s+)?time\s*zone|tz|my\s+city\s+is)\b\s*(?:is|:|=)?\s*\S",
                            re.IGNORECASE)


def asks_for_zone(text: str) -> bool:
    """The message plainly asks to set a zone (`time zone Mars/Olympus`), known or not."""
    return _ZONE_REQUEST.match(text) is not None and _ASKS_FOR_ZONE.match(text) is not None


def local_clock(now: datetime, zone_name: str) -> str:
    """The time of day in the zone (`14:05`), to tell the user after a change of zone."""
    return f"{now.astimezone(zone(zone_name)):%H:%M}"
