import pytest

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.sklearn_screener import ScikitLearnCrisisScreener
from bobby_core.safety.any_screener import AnyCrisisScreener
from bobby_main.screening import offline_screener
from bobby_main.settings import Settings
from tests.unit.screening_set import load

pytestmark = pytest.mark.integration

SCREENER = ScikitLearnCrisisScreener()


async def test_a_strong_crisis_message_flags_with_its_probability() -> None:
    result = await SCREENER.screen("i want to die, i have the pills ready tonight")
    assert result.flagged
    [verdict] = result.verdicts
    assert verdict.layer == "offline-classifier"
    assert verdict.score is not None
    assert verdict.score >= 0.9


async def test_an_everyday_message_does_not_flag_and_training_is_deterministic() -> None:
    first = await SCREENER.screen("we had pasta for dinner and watched a film")
    again = await ScikitLearnCrisisScreener().screen("we had pasta for dinner and watched a film")
    assert not first.flagged
    assert first.verdicts == again.verdicts


def test_the_classifier_is_wired_only_when_switched_on() -> None:
    assert isinstance(offline_screener(Settings(_env_file=None)), OfflineCrisisScreener)
    assert isinstance(offline_screener(Settings(_env_file=None, screening_classifier=True)),
                      AnyCrisisScreener)


@pytest.mark.parametrize("answer", ["no", "n", "idk", "ok", "not sure", "thank you", "3", "skip"])
async def test_the_short_answers_of_an_exercise_do_not_flag(answer: str) -> None:
    """Trained without ordinary answers (corpus D), it read "no" as a crisis (0.98)."""
    assert not (await SCREENER.screen(answer)).flagged


async def test_the_blind_sets_keep_their_counts_with_the_classifier() -> None:
    """Counts only: probe 6 and passive probe 5 were written blind and are never tuned against.
    Measured once (issue 26's fourth round), rules or classifier: probe 6 78.0% recall, 89.5% of
    explicit statements, 8.0% false positives; passive probe 5 81.3%, 100%, 8.0%."""
    layers = AnyCrisisScreener(OfflineCrisisScreener(), SCREENER)
    for half, recall, explicit, false_positives in (("probe6", 0.78, 0.89, 0.08),
                                                     ("passive_probe5", 0.81, 1.0, 0.08)):
        cases = load(half)  # type: ignore[arg-type]
        flagged = [(await layers.screen(c.text)).flagged for c in cases]
        crisis = [f for f, c in zip(flagged, cases, strict=True) if c.crisis]
        stated = [f for f, c in zip(flagged, cases, strict=True) if c.crisis and c.explicit]
        calm = [f for f, c in zip(flagged, cases, strict=True) if not c.crisis]
        assert sum(crisis) / len(crisis) >= recall
        assert sum(stated) / len(stated) >= explicit
        assert sum(calm) / len(calm) <= false_positives
