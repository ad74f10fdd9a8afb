"""How the offline classifier does on wordings it was not trained on: leave one set out.

For each set written apart from the others (probes 5 and 7, passive probe 4 and the corpora
written for the classifier, each in its own voice), the classifier of
bobby_adapters.sklearn_screener is trained on every other training set, then "rules OR
classifier" is scored on the set left out, at several thresholds; the totals over those sets are
what THRESHOLD is chosen from. The rules were tuned on some of the other sets and on these, so
the rules' own figures here flatter them. Needs scikit-learn; takes about five minutes on two
cores (one training per set left out)."""

from __future__ import annotations

import importlib.util
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.unit.screening_set import Half, Tally, load, tally  # noqa: E402

from bobby_adapters.offline_screener import categories_of  # noqa: E402
from bobby_adapters.screening.data import TRAINING_FILES, training_messages  # noqa: E402

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
LEFT_OUT: tuple[Half, ...] = ("probe5", "probe7", "passive_probe4", "passive_corpus_a",
                              "passive_corpus_b", "general_corpus_c", "corpus_e_older",
                              "corpus_f_online", "corpus_g_work", "corpus_h_health",
                              "corpus_i_reflective", "corpus_j_world", "corpus_k_explicit",
                              "corpus_l_carers", "corpus_m_rough", "corpus_n_night",
                              "corpus_o_queer", "corpus_p_services", "corpus_q_lads",
                              "corpus_r_midlife", "corpus_s_elders", "corpus_t_uniform",
                              "corpus_u_bereaved", "corpus_v_teens", "corpus_w_southern",
                              "corpus_x_control", "corpus_y_using", "corpus_z_literal",
                              "ordinary_corpus_d")
HARD: tuple[Half, ...] = LEFT_OUT[:-1]
"""The totals count the sets of crisis messages and hard negatives; the ordinary answers of
corpus D (all negatives, and easy ones) are printed on their own."""


def main() -> None:
    if importlib.util.find_spec("sklearn") is None:
        print("scikit-learn is not installed: classifier cross-validation skipped")
        return
    from bobby_adapters.sklearn_screener import train

    _cost(train)
    totals = dict.fromkeys(THRESHOLDS, Tally())
    alone = Tally()
    for name in LEFT_OUT:
        cases = load(name)
        texts = {c.text for c in cases}
        model = train([m for m in training_messages() if m[0] not in texts])
        scores = [row[1] for row in model.predict_proba([c.text for c in cases])]
        rules = [bool(categories_of(c.text)) for c in cases]
        print(f"\n{name} left out ({len(cases)} messages): rules alone  "
              f"{_figures(tally(cases, rules))}")
        if name in HARD:
            alone += tally(cases, rules)
        for threshold in THRESHOLDS:
            hits = [r or s >= threshold for r, s in zip(rules, scores, strict=True)]
            print(f"  rules | p>={threshold:<4} {_figures(tally(cases, hits))}")
            if name in HARD:
                totals[threshold] += tally(cases, hits)
    print(f"\nthe {len(HARD)} sets of crisis messages and hard negatives, each left out of the training "
          f"(trained on {len(TRAINING_FILES) - 1} files at a time):")
    for label, counted in [("rules alone    ", alone),
                           *((f"rules | p>={t:<4}", c) for t, c in totals.items())]:
        print(f"  {label} {_figures(counted)}")


def _cost(train: Callable[[], Any]) -> None:
    """What the shipped classifier costs a process: its training (once, in the background), the
    memory it holds, and the CPU it adds to each message it screens, beside the rules' own."""
    resident = _resident_mb()
    started, cpu = time.perf_counter(), time.process_time()
    model = train()
    print(f"training on the shipped material: {time.perf_counter() - started:.1f} s wall, "
          f"{time.process_time() - cpu:.1f} s CPU, with importing scikit-learn")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: {resident:.0f} MB resident before, {_resident_mb():.0f} MB once trained, "
          f"{peak:.0f} MB at the peak of the training")
    texts = [c.text for c in load("probe8")]
    for name, screen in (("classifier", lambda text: model.predict_proba([text])),
                         ("rules", categories_of)):
        cpu = time.process_time()
        for text in texts:
            screen(text)
        print(f"screening one message, {name}: {(time.process_time() - cpu) / len(texts) * 1000:.2f} "
              f"ms CPU (mean over {len(texts)} messages of probe 8)")


def _resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def _figures(t: Tally) -> str:
    return (f"recall {t.caught / max(t.crisis, 1):6.1%}  explicit "
            f"{t.caught_explicit / max(t.explicit, 1):6.1%}  false positives {t.alarms / t.calm:6.1%}")


if __name__ == "__main__":
    main()
