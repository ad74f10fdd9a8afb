import pytest

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.sklearn_screener import ScikitLearnCrisisScreener
from bobby_core.safety.any_screener import AnyCrisisScreener
from bobby_main.screening import offline_screener
from bobby_main.settings import Settings

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
