"""The labelled crisis screening set in tests/data/screening: a tuning half and a held-out half.

Shared by the unit tests (tuning half only) and bench/screener_recall.py (both halves). The
held-out half was written and committed before the rules were changed and is never tuned
against: tests read it only to count, never to list what it misses."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DATA = Path(__file__).resolve().parents[1] / "data" / "screening"
Half = Literal["tuning", "heldout", "probe", "probe2", "probe3"]


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    crisis: bool
    category: str
    explicit: bool
    lang: str


def load(half: Half) -> list[Case]:
    lines = [line for line in (DATA / f"{half}.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Case(text=r["text"], crisis=r["label"] == "crisis", category=r["category"],
                 explicit=r["explicit"] == "yes", lang=r["lang"]) for r in rows]
