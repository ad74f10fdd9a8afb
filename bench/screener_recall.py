"""Recall and false-positive rate of the offline crisis screener on the labelled sets.

Run: `make bench` (or `.venv/bin/python bench/screener_recall.py`). For the tuning half and the
held-out half of the 300-message set, the probes, the older table in tests/unit/safety_cases.py,
the sets of passive wishes to die said without death words (issue 26) and the corpora written
for the classifier, it prints recall, recall on explicit statements and the false-positive rate,
overall and per category, for the rules alone and for the offline layers together (rules, then
rules or classifier). The classifier is trained on every set here but the held-out ones, so its
figures on training material say little; bench/screener_classifier.py measures it on sets it was
not trained on. Misses and false alarms are listed for tuning material only; the held-out half,
probes 6 and 8 to 12 and passive probes 5 to 11 are never tuned against, so theirs are listed only with
--show-heldout (for the report, after tuning is finished). --tuning-only skips them."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.unit.safety_cases import CRISIS, EVERYDAY  # noqa: E402
from tests.unit.screening_set import Case, load, tally  # noqa: E402

from bobby_adapters.offline_screener import OfflineCrisisScreener  # noqa: E402
from bobby_adapters.sklearn_screener import ScikitLearnCrisisScreener  # noqa: E402
from bobby_core.ports import CrisisScreener  # noqa: E402
from bobby_core.safety.any_screener import AnyCrisisScreener  # noqa: E402


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:6.1%} ({hits}/{total})" if total else "     - (0/0)"


async def report(name: str, cases: list[Case], show: bool) -> None:
    await _report(f"{name}, rules", OfflineCrisisScreener(), cases, show)
    if LAYERS is not None:
        await _report(f"{name}, rules + classifier (crisis reply or check-in)", LAYERS, cases,
                  show=False)


async def _report(name: str, screener: CrisisScreener, cases: list[Case], show: bool) -> None:
    # The classifier never flags: its warning signs get the check-in. Both count here, as "the
    # message got a response to its risk"; the rules' own figures are the crisis reply's.
    flagged = [(r.flagged or r.check_in) for r in [await screener.screen(c.text) for c in cases]]
    counted = tally(cases, flagged)
    print(f"\n{name}: {counted.crisis} crisis, {counted.calm} hard negatives")
    print(f"  recall            {_rate(counted.caught, counted.crisis)}")
    print(f"  recall, explicit  {_rate(counted.caught_explicit, counted.explicit)}")
    print(f"  false positives   {_rate(counted.alarms, counted.calm)}")
    groups: dict[tuple[bool, str], list[bool]] = defaultdict(list)
    for case, hit in zip(cases, flagged, strict=True):
        groups[(case.crisis, case.category)].append(hit)
        if case.lang != "en":
            groups[(case.crisis, f"lang:{case.lang}")].append(hit)
    for (is_crisis, category), hits in sorted(groups.items(), key=lambda g: (not g[0][0], g[0][1])):
        label = "recall" if is_crisis else "false positives"
        print(f"    {category:<16} {label:<16} {_rate(sum(hits), len(hits))}")
    if show:
        for case, hit in zip(cases, flagged, strict=True):
            if hit != case.crisis:
                print(f"  {'missed' if case.crisis else 'false alarm'}: [{case.category}] {case.text}")


LAYERS = (AnyCrisisScreener(OfflineCrisisScreener(), ScikitLearnCrisisScreener())
          if importlib.util.find_spec("sklearn") else None)
"""The offline layers with SCREENING_CLASSIFIER=true; skipped without scikit-learn installed."""


def old_table() -> list[Case]:
    return ([Case(t, True, "old-table", True, "en") for t in CRISIS]
            + [Case(t, False, "old-table", False, "en") for t in EVERYDAY])


async def main() -> None:
    if LAYERS is not None:
        await ScikitLearnCrisisScreener().ready()
    await report("tuning half (screening/data/tuning.tsv)", load("tuning"), show=True)
    if "--tuning-only" not in sys.argv:  # what is run while tuning: the held-out sets stay unseen
        show = "--show-heldout" in sys.argv
        await report("held-out half (tests/data/screening/heldout.tsv, never tuned against)",
                     load("heldout"), show=show)
        blind = {"probe6": "probe 6", "passive_probe5": "passive probe 5",
                 "passive_probe6": "passive probe 6", "probe8": "probe 8",
                 "passive_probe7": "passive probe 7", "probe9": "probe 9", "probe10": "probe 10",
                 "probe11": "probe 11", "probe12": "probe 12", "passive_probe8": "passive probe 8",
                 "passive_probe9": "passive probe 9", "passive_probe10": "passive probe 10",
                 "passive_probe11": "passive probe 11"}
        for half, title in blind.items():
            await report(f"{title} (tests/data/screening/{half}.tsv, written blind, never tuned "
                         "against)", load(half), show=show)
        await report("the thirteen written blind (probes 6 and 8 to 12, passive probes 5 to 11)",
                     [c for half in blind for c in load(half)], show=False)
        await report("all held out (the held-out half and the thirteen written blind)",
                     load("heldout") + [c for half in blind for c in load(half)],
                     show=False)
    await report("passive wishes, tuning (screening/data/passive.tsv)", load("passive"), show=True)
    for number in (4, 3, 2, 1):
        name = f"passive_probe{number}"
        await report(f"passive probe {number} (screening/data/{name}.tsv; measured once, then "
                     f"{'trained' if number == 4 else 'tuned'} on)", load(name), show=number < 4)
    for number in (7, 5, 4, 3, 2):
        await report(f"probe {number} (screening/data/probe{number}.tsv; measured once, then "
                     "tuned on)", load(f"probe{number}"), show=True)
    await report("probe 1 (screening/data/probe.tsv; measured once, then tuned on)",
                 load("probe"), show=True)
    for name in ("passive_corpus_a", "passive_corpus_b", "general_corpus_c", "corpus_e_older",
                 "corpus_f_online", "corpus_g_work", "corpus_h_health", "corpus_i_reflective",
                 "corpus_j_world", "corpus_k_explicit", "corpus_l_carers", "corpus_m_rough",
                 "corpus_n_night", "corpus_o_queer", "corpus_p_services", "corpus_q_lads",
                 "corpus_r_midlife", "corpus_s_elders", "corpus_t_uniform", "corpus_u_bereaved",
                 "corpus_v_teens", "corpus_w_southern", "corpus_x_control", "corpus_y_using",
                 "corpus_z_literal"):
        await report(f"{name} (screening/data/{name}.tsv; written for the classifier's training, "
                     "measured once on the rules)", load(name), show=False)
    await report("old table (tests/unit/safety_cases.py; 'explicit' = every crisis line)",
                 old_table(), show=True)


if __name__ == "__main__":
    asyncio.run(main())
