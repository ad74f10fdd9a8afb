"""The kinds of chart Bobby draws, as plain data. A flow's action fills one in (its words come
from the flow's text file) and the ChartRenderer port draws it; no renderer knows an exercise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Tone(StrEnum):
    GOOD = "good"
    WARN = "warn"
    ALERT = "alert"


@dataclass(frozen=True, slots=True, kw_only=True)
class Band:
    """From `starts_at` up, scores are in this band (drawn as a dashed line with its label)."""

    label: str
    starts_at: float
    tone: Tone


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreBars:
    """Horizontal bars, one per named score on a `low`..`high` scale, coloured by band."""

    title: str
    bars: tuple[tuple[str, float], ...]
    low: int
    high: int
    bands: tuple[Band, ...] = ()
    axis_label: str = ""

    def tone(self, value: float) -> Tone:
        """The tone of the highest band `value` reaches (good below every band)."""
        reached = [b for b in sorted(self.bands, key=lambda b: b.starts_at) if value >= b.starts_at]
        return reached[-1].tone if reached else Tone.GOOD


@dataclass(frozen=True, slots=True, kw_only=True)
class ShareDonut:
    """A ring showing `part` of `part + rest`, with the share in the middle."""

    title: str
    part: int
    rest: int
    part_label: str
    rest_label: str

    @property
    def percent(self) -> int:
        total = self.part + self.rest
        return round(100 * self.part / total) if total else 0
