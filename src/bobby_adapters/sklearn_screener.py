"""The CrisisScreener port as a statistical text classifier (scikit-learn), beside the rules.

Character (2-5) and word (1-3) n-grams and the ideas a message is made of (screening/concepts:
"no reason" with "going on", "not around" with "soon"), TF-IDF, logistic regression with a fixed
seed, trained on first use from the labelled material shipped in bobby_adapters/screening/data
(never the held-out sets). Training is deterministic and takes a few seconds with importing
scikit-learn, so it happens once a process, off the event loop, on the first message.

It reads wordings the rules have no pattern for; it knows no negation or context beyond what
its training shows, and it flags messages unlike its training (ordinary answers it has not seen)
too readily, so it is off by default. Its threshold, 0.8, is chosen by training on every set but
one and scoring that one (bench/screener_classifier.py; the figures are in the README)."""

from __future__ import annotations

import asyncio
import threading
from typing import Protocol

from bobby_adapters.screening.concepts import concept_features
from bobby_adapters.screening.data import training_messages
from bobby_adapters.screening.text import normalise
from bobby_core.model import LayerVerdict
from bobby_core.ports import ScreeningResult

THRESHOLD = 0.8


class _Model(Protocol):
    def predict_proba(self, texts: list[str]) -> list[list[float]]: ...


def ideas(text: str) -> list[str]:
    return concept_features(normalise(text))


def train(messages: list[tuple[str, bool]] | None = None) -> _Model:
    """Fit the classifier on the shipped training material, or on `messages` (deterministic)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    labelled = training_messages() if messages is None else messages
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise,
                        sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 3), preprocessor=normalise,
                        sublinear_tf=True),
        TfidfVectorizer(analyzer=ideas, sublinear_tf=True))
    model = make_pipeline(features, LogisticRegression(C=10, class_weight="balanced",
                                                       max_iter=3000, random_state=0))
    model.fit([text for text, _ in labelled], [crisis for _, crisis in labelled])
    fitted: _Model = model
    return fitted


_TRAINED: list[_Model] = []
_TRAINING = threading.Lock()


def trained() -> _Model:
    """The classifier on the shipped material, trained once a process (the training is
    deterministic, so every screener of the process can share it)."""
    with _TRAINING:
        if not _TRAINED:
            _TRAINED.append(train())
        return _TRAINED[0]


class ScikitLearnCrisisScreener:
    name = "offline-classifier"

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._threshold = threshold

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
        return await asyncio.to_thread(trained)
