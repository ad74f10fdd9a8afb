"""The CrisisScreener port as a statistical text classifier (scikit-learn), beside the rules.

Character (2-5) and word (1-2) n-grams, TF-IDF, logistic regression with a fixed seed, trained
on first use from the labelled tuning material shipped in bobby_adapters/screening/data (never
the held-out sets). Training is deterministic and takes a fraction of a second; importing
scikit-learn takes about two, so both happen once, off the event loop, on the first message.

It reads wordings the rules have no pattern for, and it knows no negation or context, so it
flags only at a high probability (0.9): measured by bench/screener_recall.py it adds recall on
unseen messages without adding false alarms there (see the README)."""

from __future__ import annotations

import asyncio
from typing import Protocol

from bobby_adapters.screening.data import training_messages
from bobby_adapters.screening.text import normalise
from bobby_core.model import LayerVerdict
from bobby_core.ports import ScreeningResult

THRESHOLD = 0.9


class _Model(Protocol):
    def predict_proba(self, texts: list[str]) -> list[list[float]]: ...


def train() -> _Model:
    """Fit the classifier on the shipped tuning material (deterministic)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    messages = training_messages()
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise,
                        sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), preprocessor=normalise,
                        sublinear_tf=True))
    model = make_pipeline(features, LogisticRegression(C=10, class_weight="balanced",
                                                       max_iter=2000, random_state=0))
    model.fit([text for text, _ in messages], [crisis for _, crisis in messages])
    fitted: _Model = model
    return fitted


class ScikitLearnCrisisScreener:
    name = "offline-classifier"

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._threshold = threshold
        self._model: _Model | None = None
        self._lock = asyncio.Lock()

    async def screen(self, text: str) -> ScreeningResult:
        model = await self._trained()
        probability = float((await asyncio.to_thread(model.predict_proba, [text]))[0][1])
        flagged = probability >= self._threshold
        categories = ("statistical",) if flagged else ()
        verdict = LayerVerdict(layer=self.name, flagged=flagged, categories=categories,
                               score=round(probability, 4))
        return ScreeningResult(flagged=flagged, categories=categories, screener=self.name,
                               verdicts=(verdict,))

    async def _trained(self) -> _Model:
        async with self._lock:
            if self._model is None:
                self._model = await asyncio.to_thread(train)
            return self._model
