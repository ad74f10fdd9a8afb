"""What a statistical classifier would add beside the rules: an experiment, not shipped.

Character (2-5) and word (1-2) n-gram TF-IDF with logistic regression (scikit-learn, fixed
seed), trained on the tuning material only (tuning.tsv, probes 1-4, the old table), then "rules OR
classifier" scored on the held-out half and on probe 5 at several thresholds.
scikit-learn is not a dependency of Bobby: this prints a note and exits when it is missing
(`.venv/bin/pip install scikit-learn` to run it)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.unit.safety_cases import CRISIS, EVERYDAY  # noqa: E402
from tests.unit.screening_set import Case, load  # noqa: E402

from bobby_adapters.offline_screener import categories_of  # noqa: E402
from bobby_adapters.screening.text import normalise  # noqa: E402

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9)


def main() -> None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
    except ImportError:
        print("scikit-learn is not installed: classifier experiment skipped")
        return
    train = load("tuning") + load("probe") + load("probe2") + load("probe3") + load("probe4")
    texts = [c.text for c in train] + list(CRISIS) + list(EVERYDAY)
    labels = [c.crisis for c in train] + [True] * len(CRISIS) + [False] * len(EVERYDAY)
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise, sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), preprocessor=normalise, sublinear_tf=True))
    model = make_pipeline(features, LogisticRegression(C=10, class_weight="balanced", max_iter=2000,
                                                       random_state=0)).fit(texts, labels)
    print(f"trained on {len(texts)} tuning messages")
    for name in ("heldout", "probe5"):
        cases = load(name)  # type: ignore[arg-type]
        scores = model.predict_proba([c.text for c in cases])[:, 1]
        rules = [bool(categories_of(c.text)) for c in cases]
        print(f"\n{name}: rules alone  {_figures(cases, rules)}")
        for threshold in THRESHOLDS:
            hits = [r or s >= threshold for r, s in zip(rules, scores, strict=True)]
            print(f"{name}: rules | p>={threshold:<4} {_figures(cases, hits)}")


def _figures(cases: list[Case], hits: list[bool]) -> str:
    crisis = [h for h, c in zip(hits, cases, strict=True) if c.crisis]
    explicit = [h for h, c in zip(hits, cases, strict=True) if c.crisis and c.explicit]
    calm = [h for h, c in zip(hits, cases, strict=True) if not c.crisis]
    return (f"recall {sum(crisis) / len(crisis):6.1%}  explicit {sum(explicit) / len(explicit):6.1%}"
            f"  false positives {sum(calm) / len(calm):6.1%}")


if __name__ == "__main__":
    main()
