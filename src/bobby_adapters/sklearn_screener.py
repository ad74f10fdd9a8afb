"""The CrisisScreener port as a statistical text classifier (scikit-learn), beside the rules.

Character (2-5) and word (1-3) n-grams and the ideas a message is made of (screening/concepts:
"no reason" with "going on", "not around" with "soon"), TF-IDF, logistic regression with a fixed
seed, trained from the labelled material shipped in bobby_adapters/screening/data (never the
held-out sets). Training is deterministic and takes a few seconds with importing scikit-learn,
so it happens once a process, in a background thread started with the first screener; until it
is done the layer reports that it did not screen and the rules screen alone.

It reads wordings the rules have no pattern for (a passive wish to die said without death
words), but it knows no negation or context beyond what its training shows and reads some
ordinary answers as risk, so it never sends the crisis reply: at a probability of 0.9 or more it
asks for the gentle check-in (are you safe, and the helplines, before the turn's own reply; at
most once a day), as the model risk check's "moderate" does. The threshold is chosen by training
on every set but one and scoring that one (bench/screener_classifier.py, README)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable
from typing import Protocol

from bobby_adapters.screening.concepts import concept_features
from bobby_adapters.screening.data import training_messages
from bobby_adapters.screening.text import normalise
from bobby_core.model import LayerVerdict
from bobby_core.ports import ScreeningResult

THRESHOLD = 0.9


class _Model(Protocol):
    def predict_proba(self, texts: list[str]) -> list[list[float]]: ...


def normalised(texts: Iterable[str]) -> list[str]:
    """Each text normalised once, for the three vectorisers after it."""
    return [normalise(text) for text in texts]


def train(messages: list[tuple[str, bool]] | None = None) -> _Model:
    """Fit the classifier on the shipped training material, or on `messages` (deterministic)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import FunctionTransformer

    labelled = training_messages() if messages is None else messages
    features = make_union(
        # n-grams seen in one message only are left out: they were two thirds of the vocabulary and,
        # measured on sets left out of the training, bought no recall (bench/screener_classifier.py)
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=False, sublinear_tf=True,
                        min_df=2),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 3), lowercase=False, sublinear_tf=True,
                        min_df=2),
        TfidfVectorizer(analyzer=concept_features, sublinear_tf=True))
    model = make_pipeline(FunctionTransformer(normalised), features,
                          LogisticRegression(C=10, class_weight="balanced", max_iter=3000,
                                             random_state=0, solver="liblinear"))
    model.fit([text for text, _ in labelled], [crisis for _, crisis in labelled])
    fitted: _Model = model
    return fitted


_TRAINED: list[_Model] = []
_TRAINING = threading.Lock()
_STARTED = threading.Event()
log = logging.getLogger(__name__)


def trained() -> _Model:
    """The classifier on the shipped material, trained once a process (the training is
    deterministic, so every screener of the process can share it)."""
    with _TRAINING:
        if not _TRAINED:
            _TRAINED.append(train())
            log.info("the crisis classifier is trained")
        return _TRAINED[0]


def start_training() -> None:
    """Train in the background, once a process: a few seconds that no message should wait for."""
    with _TRAINING:
        if _STARTED.is_set():
            return
        _STARTED.set()
    threading.Thread(target=_train_quietly, name="crisis-classifier-training", daemon=True).start()


def wait_for_training() -> None:
    """Return once a background training started in this process has ended (at once if none
    started). Tests call it after each test, so the training thread never runs beside the next
    one: on Python 3.11 `ast.parse` can fail with "AST constructor recursion depth mismatch"
    while another thread is busy (CPython gh-106905), and a log line written after a test's
    capture closed is an error."""
    if _STARTED.is_set():
        with _TRAINING:
            pass


def _train_quietly() -> None:
    try:
        trained()
    except Exception:  # the rules still screen; the operator must hear of it
        log.exception("the crisis classifier could not be trained; the rules screen alone")


class ScikitLearnCrisisScreener:
    name = "offline-classifier"

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._threshold = threshold
        start_training()

    async def ready(self) -> None:
        """Wait until the classifier is trained (it trains in the background from its start)."""
        await asyncio.to_thread(trained)

    async def screen(self, text: str) -> ScreeningResult:
        if not _TRAINED:
            # Still training (a few seconds after start-up): the rules screen this message
            # alone, and the safety event says this layer did not.
            return ScreeningResult(flagged=False, screener=self.name, verdicts=(
                LayerVerdict(layer=self.name, flagged=False, failed=True),))
        model = _TRAINED[0]
        probability = float((await asyncio.to_thread(model.predict_proba, [text]))[0][1])
        check_in = probability >= self._threshold
        categories = ("statistical",) if check_in else ()
        verdict = LayerVerdict(layer=self.name, flagged=False, categories=categories,
                               score=round(probability, 4))
        return ScreeningResult(flagged=False, categories=categories, screener=self.name,
                               verdicts=(verdict,), check_in=check_in)
