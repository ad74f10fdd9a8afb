"""The kinds of chart Bobby draws, as plain data. A flow's action fills one in (its words come
from the flow's text file) and the ChartRenderer port draws it; no renderer knows an exercise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


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


Chart = ScoreBars | ShareDonut


def chart_to_json(chart: Chart) -> dict[str, Any]:
    """The chart as JSON values (kept with the reply until the edge draws it)."""
    if isinstance(chart, ScoreBars):
        return {"kind": "bars", "title": chart.title, "low": chart.low, "high": chart.high,
                "axis_label": chart.axis_label, "bars": [[name, value] for name, value in chart.bars],
                "bands": [{"label": b.label, "starts_at": b.starts_at, "tone": b.tone.value}
                          for b in chart.bands]}
    return {"kind": "donut", "title": chart.title, "part": chart.part, "rest": chart.rest,
            "part_label": chart.part_label, "rest_label": chart.rest_label}


def chart_from_json(data: Any) -> Chart | None:
    """The chart `chart_to_json` wrote; None for anything else (nothing to draw)."""
    if not isinstance(data, dict):
        return None
    if data.get("kind") == "bars":
        return ScoreBars(
            title=str(data["title"]), low=int(data["low"]), high=int(data["high"]),
            axis_label=str(data.get("axis_label", "")),
            bars=tuple((str(name), float(value)) for name, value in data["bars"]),
            bands=tuple(Band(label=str(b["label"]), starts_at=float(b["starts_at"]),
                             tone=Tone(b["tone"])) for b in data.get("bands", ())))
    if data.get("kind") == "donut":
        return ShareDonut(title=str(data["title"]), part=int(data["part"]), rest=int(data["rest"]),
                          part_label=str(data["part_label"]), rest_label=str(data["rest_label"]))
    return None
