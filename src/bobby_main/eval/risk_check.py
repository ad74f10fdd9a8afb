"""`bobby eval --risk-check`: the configured model's risk check alone, over labelled messages
(crisis lines and hard negatives: the held-out screening sets of this checkout, and ordinary
exercise answers), with what each rating would make Bobby do.

The figures: recall (of the crisis lines, how many get the crisis reply; how many get at least
the gentle check-in), the same on explicit statements, false positives (negatives that would get
the crisis reply, or a check-in), and how the ratings split per label. Without a model
configured, the offline rules stand in (they are what screens then), so the two runs compare."""

from __future__ import annotations

import asyncio
import csv
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from bobby_adapters.openai_risk_check import RISK_ORDER, rating_of
from bobby_core.errors import ExternalServiceError
from bobby_core.ports import CrisisScreener, ScreeningResult
from bobby_main.eval.report import latency

HELD_OUT = Path("tests") / "data" / "screening"
HELD_OUT_SETS = ("heldout.tsv", "probe6.tsv", "probe8.tsv", "probe9.tsv", "probe10.tsv",
                 "probe11.tsv", "probe12.tsv", "passive_probe5.tsv", "passive_probe6.tsv",
                 "passive_probe7.tsv", "passive_probe8.tsv", "passive_probe9.tsv",
                 "passive_probe10.tsv", "passive_probe11.tsv")
"""The screening sets never tuned against, read from the checkout the command runs in."""
ORDINARY = "ordinary_answers.tsv"
"""Ordinary exercise answers (negatives), shipped beside this module."""

CRISIS_REPLY, CHECK_IN, NOTHING, FAILED = "crisis reply", "check-in", "nothing", "failed"
ACTIONS = (CRISIS_REPLY, CHECK_IN, NOTHING, FAILED)


@dataclass(frozen=True, slots=True, kw_only=True)
class Labelled:
    text: str
    crisis: bool
    explicit: bool
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Rated:
    case: Labelled
    rating: str
    """The model's rating (none .. imminent); for a screener without ratings, what it did."""
    action: str
    """What Bobby would do: crisis reply, check-in, nothing, or failed (the rules then stand)."""
    seconds: float


def read_set(text: str, source: str) -> list[Labelled]:
    """The labelled lines of a screening set (tab-separated, `#` comments; text, label,
    category, explicit, lang)."""
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [Labelled(text=row["text"], crisis=row["label"] == "crisis",
                     explicit=row["explicit"] == "yes", source=source)
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def default_sets(root: Path | None = None) -> list[Labelled]:
    """The held-out sets found under `root` (default: the working directory) and the shipped
    ordinary answers."""
    folder = (root or Path.cwd()) / HELD_OUT
    cases = [case for name in HELD_OUT_SETS if (folder / name).is_file()
             for case in read_set((folder / name).read_text(encoding="utf-8"), name)]
    ordinary = files("bobby_main.eval").joinpath(ORDINARY).read_text(encoding="utf-8")
    return cases + read_set(ordinary, ORDINARY)


def action_of(result: ScreeningResult) -> str:
    if result.flagged:
        return CRISIS_REPLY
    return CHECK_IN if result.check_in else NOTHING


async def rate_all(screener: CrisisScreener, cases: Sequence[Labelled], *,
                   parallel: int = 1) -> list[Rated]:
    """Each case's rating, `parallel` at a time, in the cases' order."""
    gate = asyncio.Semaphore(max(1, parallel))

    async def one(case: Labelled) -> Rated:
        async with gate:
            started = time.perf_counter()
            try:
                result = await screener.screen(case.text)
            except ExternalServiceError:
                return Rated(case=case, rating=FAILED, action=FAILED,
                             seconds=time.perf_counter() - started)
            action = action_of(result)
            rating = rating_of(result) or ("none" if action == NOTHING else action)
            return Rated(case=case, rating=rating, action=action,
                         seconds=time.perf_counter() - started)

    return list(await asyncio.gather(*(one(c) for c in cases)))


def risk_report(rated: Sequence[Rated], *, screener: str, model: str) -> dict[str, Any]:
    """The figures of one run (JSON-ready)."""
    crisis = [r for r in rated if r.case.crisis]
    explicit = [r for r in crisis if r.case.explicit]
    negatives = [r for r in rated if not r.case.crisis]
    order = [*RISK_ORDER, *ACTIONS]
    ratings = {label: _split([r.rating for r in rows], order)
               for label, rows in (("crisis", crisis), ("none", negatives))}
    return {
        "risk_check": screener, "model": model,
        "sets": sorted({r.case.source for r in rated}),
        "crisis": len(crisis), "explicit": len(explicit), "negatives": len(negatives),
        "recall": _reached(crisis), "recall_explicit": _reached(explicit),
        "false_positives": {
            CRISIS_REPLY: sum(r.action == CRISIS_REPLY for r in negatives),
            CHECK_IN: sum(r.action == CHECK_IN for r in negatives),
            "ordinary_" + CRISIS_REPLY: sum(r.action == CRISIS_REPLY for r in negatives
                                            if r.case.source == ORDINARY),
            "ordinary_" + CHECK_IN: sum(r.action == CHECK_IN for r in negatives
                                        if r.case.source == ORDINARY),
            "ordinary": sum(r.case.source == ORDINARY for r in negatives)},
        "failed": sum(r.action == FAILED for r in rated),
        "ratings": ratings,
        "actions": {label: _split([r.action for r in rows], ACTIONS)
                    for label, rows in (("crisis", crisis), ("none", negatives))},
        "false_positive_lines": [{"text": r.case.text, "rating": r.rating, "action": r.action,
                                  "set": r.case.source}
                                 for r in negatives if r.action in (CRISIS_REPLY, CHECK_IN)],
        "latency": latency([r.seconds for r in rated]),
    }


def _split(values: Sequence[str], order: Sequence[str]) -> dict[str, int]:
    counts = Counter(values)
    return {name: counts[name] for name in order if counts[name]}


def _reached(rows: Sequence[Rated]) -> dict[str, float]:
    """The share that gets the crisis reply, and that gets at least a check-in."""
    if not rows:
        return {CRISIS_REPLY: 0.0, "check-in or more": 0.0}
    reply = sum(r.action == CRISIS_REPLY for r in rows)
    some = sum(r.action in (CRISIS_REPLY, CHECK_IN) for r in rows)
    return {CRISIS_REPLY: round(reply / len(rows), 3),
            "check-in or more": round(some / len(rows), 3)}


def risk_table(report: dict[str, Any]) -> str:
    """The figures as a few lines for the terminal."""
    fp = report["false_positives"]
    lines = [
        f"risk check: {report['risk_check']} ({report['model']}); sets: "
        + ", ".join(report["sets"]),
        f"crisis lines {report['crisis']} (explicit {report['explicit']}), negatives "
        f"{report['negatives']} (ordinary answers {fp['ordinary']}), failed {report['failed']}",
        f"recall: crisis reply {report['recall'][CRISIS_REPLY]:.0%}, check-in or more "
        f"{report['recall']['check-in or more']:.0%}; explicit: crisis reply "
        f"{report['recall_explicit'][CRISIS_REPLY]:.0%}, check-in or more "
        f"{report['recall_explicit']['check-in or more']:.0%}",
        f"false positives: crisis reply {fp[CRISIS_REPLY]}, check-in {fp[CHECK_IN]} of "
        f"{report['negatives']}; of the ordinary answers: crisis reply "
        f"{fp['ordinary_' + CRISIS_REPLY]}, check-in {fp['ordinary_' + CHECK_IN]} of "
        f"{fp['ordinary']}",
    ]
    for label, split in report["ratings"].items():
        lines.append(f"ratings of {label}: "
                     + (", ".join(f"{k} {v}" for k, v in split.items()) or "-"))
    lines.append(f"latency: p50 {report['latency']['p50']} s, p95 {report['latency']['p95']} s")
    return "\n".join(lines)
