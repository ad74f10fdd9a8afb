"""The Burnout Assessment Tool, short form (BAT-12): items, groups, scores and risk bands.

Source: W. B. Schaufeli, H. De Witte & S. Desart, Burnout Assessment Tool (BAT), KU Leuven,
Belgium (manual version 2.0, 2020; https://burnoutassessmenttool.be). The authors make the BAT
free to use for non-commercial purposes; commercial use needs their permission. Bobby keeps the
burnout check free for this reason (it must stay outside any paywall). The items below are
close paraphrases of the published English work-related BAT-12 items (their words, the group
labels and the advice are in `burnout.toml`), answered 1 (never),
2 (rarely), 3 (sometimes), 4 (often), 5 (always).

Cut-offs on the overall mean (1-5): Schaufeli, De Witte, Hakanen, Kaltiainen & Kok (2023),
"How to assess severe burnout? Cutoff points for the Burnout Assessment Tool (BAT) based on
three European samples", Scand J Work Environ Health 49(4):293-302, gives BAT-12 cut-offs for
"at risk" and "severe burnout" from ROC analyses. We use 2.54 (at risk) and 2.95 (high risk) as
we recall the pooled BAT-12 values; they were not re-checked against the paper while writing
this, so verify them before any clinical reading. The check is a screening aid, never a
diagnosis, and the advice says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any

AT_RISK_FROM = 2.54
HIGH_RISK_FROM = 2.95
ANSWER_VAR = "bat_{:02d}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    key: str
    items: int
    """How many items in a row belong to the group (their words are in `burnout.toml`)."""


GROUPS: tuple[Group, ...] = (
    Group(key="exhaustion", items=3), Group(key="mental_distance", items=3),
    Group(key="cognitive_control", items=3), Group(key="emotional_control", items=3),
)
ITEM_COUNT = sum(g.items for g in GROUPS)
BANDS = ("low", "medium", "high")


@dataclass(frozen=True, slots=True, kw_only=True)
class BurnoutScores:
    answers: tuple[int | None, ...]
    groups: dict[str, float]
    overall: float | None
    band: str | None

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a is not None)


def answers_from(variables: Mapping[str, Any]) -> tuple[int | None, ...]:
    """The 12 answers in item order; None for an item not (validly) answered yet."""
    found: list[int | None] = []
    for number in range(1, ITEM_COUNT + 1):
        value = variables.get(ANSWER_VAR.format(number))
        valid = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5
        found.append(value if valid else None)
    return tuple(found)


def band_for(overall: float) -> str:
    if overall >= HIGH_RISK_FROM:
        return "high"
    return "medium" if overall >= AT_RISK_FROM else "low"


def score(answers: tuple[int | None, ...]) -> BurnoutScores:
    """Mean per group and overall over the answered items (the BAT-12 total is the item mean)."""
    groups: dict[str, float] = {}
    position = 0
    for group in GROUPS:
        given = [a for a in answers[position:position + group.items] if a is not None]
        position += group.items
        if given:
            groups[group.key] = round(fmean(given), 2)
    every = [a for a in answers if a is not None]
    overall = round(fmean(every), 2) if every else None
    return BurnoutScores(answers=answers, groups=groups, overall=overall,
                         band=band_for(overall) if overall is not None else None)
