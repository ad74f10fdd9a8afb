import pytest

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_core.errors import ExternalServiceError
from bobby_core.ports import ScreeningResult
from bobby_core.safety.any_screener import AnyCrisisScreener
from tests.unit.safety_cases import CRISIS, EVERYDAY

# Known misses are listed, so a new miss fails the test instead of hiding inside the rate.
KNOWN_MISSES: set[str] = set()
MUST_FLAG = [text for text in CRISIS if text not in KNOWN_MISSES]


async def test_the_table_is_big_enough_and_has_no_duplicates() -> None:
    assert len(CRISIS) + len(EVERYDAY) >= 60
    assert len(set(CRISIS)) == len(CRISIS)
    assert len(set(EVERYDAY)) == len(EVERYDAY)
    assert not set(CRISIS) & set(EVERYDAY)


async def test_offline_screener_recall_and_false_positive_rate_meet_the_minimums() -> None:
    screener = OfflineCrisisScreener()
    flagged = [(await screener.screen(t)).flagged for t in CRISIS]
    false_alarms = [(await screener.screen(t)).flagged for t in EVERYDAY]
    assert sum(flagged) / len(CRISIS) >= 0.95
    assert sum(false_alarms) / len(EVERYDAY) <= 0.05


@pytest.mark.parametrize("text", MUST_FLAG)
async def test_every_crisis_message_is_flagged(text: str) -> None:
    result = await OfflineCrisisScreener().screen(text)
    assert result.flagged
    assert result.categories
    assert result.screener == "offline-rules"


@pytest.mark.parametrize("text", EVERYDAY)
async def test_everyday_hyperbole_is_not_flagged(text: str) -> None:
    assert not (await OfflineCrisisScreener().screen(text)).flagged


@pytest.mark.parametrize(("text", "category"), [
    ("I want to kill myself", "active_thoughts"),
    ("I cut myself again last night", "self_harm"),
    ("Everyone would be better off without me", "active_thoughts"),
    ("I'm going to kill him", "harm_others"),
    ("My husband hits me", "abuse"),
])
async def test_the_category_names_the_kind_of_signal(text: str, category: str) -> None:
    assert category in (await OfflineCrisisScreener().screen(text)).categories


async def test_curly_apostrophes_and_missing_ones_are_read_alike() -> None:
    screener = OfflineCrisisScreener()
    for text in ("I don\u2019t want to live", "i dont want to live", "I DON'T WANT TO LIVE"):
        assert (await screener.screen(text)).flagged


class _Fixed:
    def __init__(self, result: ScreeningResult | None, name: str = "remote") -> None:
        self._result, self.name = result, name
        self.calls = 0

    async def screen(self, text: str) -> ScreeningResult:
        self.calls += 1
        if self._result is None:
            raise ExternalServiceError("openai", "moderation down")
        return self._result


async def test_either_screener_flagging_is_enough() -> None:
    remote = _Fixed(ScreeningResult(flagged=True, categories=("self-harm",), screener="openai"))
    result = await AnyCrisisScreener(OfflineCrisisScreener(), remote).screen("a quiet day")
    assert result.flagged
    assert result.categories == ("self-harm",)
    assert result.screener == "openai"


async def test_both_flagging_joins_categories_and_names() -> None:
    remote = _Fixed(ScreeningResult(flagged=True, categories=("self-harm/intent",), screener="openai"))
    result = await AnyCrisisScreener(OfflineCrisisScreener(), remote).screen("I want to kill myself")
    assert result.flagged
    assert set(result.categories) == {"active_thoughts", "intent", "self-harm/intent"}
    assert result.screener == "offline-rules+openai"


async def test_no_screener_flagging_means_not_flagged() -> None:
    remote = _Fixed(ScreeningResult(flagged=False, screener="openai"))
    result = await AnyCrisisScreener(OfflineCrisisScreener(), remote).screen("work was long today")
    assert not result.flagged
    assert remote.calls == 1


async def test_a_failing_remote_screener_leaves_the_offline_verdict_standing() -> None:
    down = _Fixed(None)
    screener = AnyCrisisScreener(OfflineCrisisScreener(), down)
    assert (await screener.screen("I want to kill myself")).flagged
    assert not (await screener.screen("work was long today")).flagged
    assert down.calls == 2


async def test_when_every_screener_fails_the_error_surfaces() -> None:
    with pytest.raises(ExternalServiceError):
        await AnyCrisisScreener(_Fixed(None), _Fixed(None)).screen("hello")
