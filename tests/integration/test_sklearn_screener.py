import pytest

from bobby_adapters import sklearn_screener
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.sklearn_screener import ScikitLearnCrisisScreener
from bobby_core.safety.any_screener import AnyCrisisScreener
from bobby_main.screening import offline_screener
from bobby_main.settings import Settings
from tests.unit.screening_set import load, tally

pytestmark = pytest.mark.integration

SCREENER = ScikitLearnCrisisScreener()


@pytest.fixture(autouse=True)
async def trained() -> None:
    """The classifier trains in the background; these tests wait until it is done."""
    await SCREENER.ready()


async def test_until_it_is_trained_the_layer_says_it_did_not_screen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sklearn_screener, "_TRAINED", [])
    result = await ScikitLearnCrisisScreener().screen("i want to die")
    assert not result.flagged
    assert not result.check_in
    [verdict] = result.verdicts
    assert verdict.failed


async def test_a_warning_sign_asks_for_the_check_in_never_the_crisis_reply() -> None:
    result = await SCREENER.screen("i want to die, i have the pills ready tonight")
    assert result.check_in
    assert not result.flagged  # the crisis reply is the rules' (and the model's) to send
    [verdict] = result.verdicts
    assert verdict.layer == "offline-classifier"
    assert verdict.score is not None
    assert verdict.score >= 0.9


async def test_an_everyday_message_does_not_flag_and_training_is_deterministic() -> None:
    first = await SCREENER.screen("we had pasta for dinner and watched a film")
    again = await ScikitLearnCrisisScreener().screen("we had pasta for dinner and watched a film")
    assert not first.flagged
    assert first.verdicts == again.verdicts


def test_the_classifier_is_wired_unless_switched_off() -> None:
    assert isinstance(offline_screener(Settings(_env_file=None)), AnyCrisisScreener)
    assert isinstance(offline_screener(Settings(_env_file=None, screening_classifier=False)),
                      OfflineCrisisScreener)


@pytest.mark.parametrize("answer", ["no", "n", "idk", "ok", "not sure", "thank you", "3", "skip"])
async def test_the_short_answers_of_an_exercise_do_not_flag(answer: str) -> None:
    """Trained without ordinary answers (corpus D), it read "no" as a crisis (0.98)."""
    result = await SCREENER.screen(answer)
    assert not result.flagged
    assert not result.check_in


async def test_the_blind_sets_keep_their_counts_with_the_classifier() -> None:
    """Counts only: the sets written blind are never tuned against. Measured on the screener of
    issue 26's fifth round (the crisis reply or the classifier's check-in): crisis messages
    caught, explicit statements caught, false positives (a better screener may only raise the
    first two and lower the third)."""
    layers = AnyCrisisScreener(OfflineCrisisScreener(), SCREENER)
    measured = {"probe6": (86, 53, 1), "probe8": (104, 44, 14), "probe9": (94, 59, 4),
                "probe10": (107, 61, 3), "probe11": (87, 52, 2), "probe12": (102, 55, 2),
                "passive_probe5": (63, 15, 5), "passive_probe6": (71, 10, 3),
                "passive_probe7": (63, 10, 6), "passive_probe8": (76, 16, 3),
                "passive_probe9": (68, 17, 3), "passive_probe10": (66, 15, 2),
                "passive_probe11": (56, 14, 1)}
    for half, (recall, explicit, false_positives) in measured.items():
        cases = load(half)
        results = [await layers.screen(c.text) for c in cases]
        counted = tally(cases, [r.flagged or r.check_in for r in results])
        assert counted.caught >= recall, half
        assert counted.caught_explicit >= explicit, half
        assert counted.alarms <= false_positives, half
