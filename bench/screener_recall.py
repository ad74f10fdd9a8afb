"""Recall and false-positive rate of the offline crisis screener on the labelled table.

Run: `make bench` (or `.venv/bin/python bench/screener_recall.py`). Prints the figures and every
miss and false alarm, so a change to the rules shows what it gained and what it cost."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.unit.safety_cases import CRISIS, EVERYDAY  # noqa: E402

from bobby_adapters.offline_screener import OfflineCrisisScreener  # noqa: E402


async def measure() -> tuple[list[str], list[str]]:
    screener = OfflineCrisisScreener()
    missed = [text for text in CRISIS if not (await screener.screen(text)).flagged]
    false_alarms = [text for text in EVERYDAY if (await screener.screen(text)).flagged]
    return missed, false_alarms


def main() -> None:
    missed, false_alarms = asyncio.run(measure())
    recall = 1 - len(missed) / len(CRISIS)
    fp_rate = len(false_alarms) / len(EVERYDAY)
    print(f"offline screener on {len(CRISIS)} crisis and {len(EVERYDAY)} everyday messages")
    print(f"recall:              {recall:.3f} ({len(CRISIS) - len(missed)}/{len(CRISIS)})")
    print(f"false-positive rate: {fp_rate:.3f} ({len(false_alarms)}/{len(EVERYDAY)})")
    for text in missed:
        print(f"  missed:      {text}")
    for text in false_alarms:
        print(f"  false alarm: {text}")


if __name__ == "__main__":
    main()
