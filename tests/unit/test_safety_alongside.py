import asyncio

import pytest

from bobby_core.errors import ExternalServiceError
from bobby_core.ports import ScreeningResult
from bobby_core.safety.alongside import screen_alongside


class _Check:
    name = "model-risk-check"

    def __init__(self, flagged: bool | None, delay: float = 0.0) -> None:
        self._flagged, self._delay = flagged, delay

    async def screen(self, text: str) -> ScreeningResult:
        await asyncio.sleep(self._delay)
        if self._flagged is None:
            raise ExternalServiceError("model-risk-check", "down")
        return ScreeningResult(flagged=self._flagged, categories=("plan",) if self._flagged else (),
                               screener=self.name)


class _Step:
    def __init__(self, delay: float = 0.0, fails: bool = False) -> None:
        self.delay, self.fails = delay, fails
        self.started = self.finished = False

    async def __call__(self) -> str:
        self.started = True
        await asyncio.sleep(self.delay)
        if self.fails:
            raise ExternalServiceError("openai", "down")
        self.finished = True
        return "the step's reply"


async def test_a_clear_verdict_keeps_the_steps_reply_and_both_ran_at_once() -> None:
    step = _Step(delay=0.05)
    loop = asyncio.get_running_loop()
    started = loop.time()
    screening, reply = await screen_alongside(_Check(False, delay=0.05), "text", step())
    assert not screening.flagged
    assert reply == "the step's reply"
    assert loop.time() - started < 0.09  # not 0.05 + 0.05


async def test_a_flag_discards_the_steps_reply_even_when_the_step_finished_first() -> None:
    step = _Step()
    screening, reply = await screen_alongside(_Check(True, delay=0.02), "text", step())
    assert screening.flagged
    assert screening.categories == ("plan",)
    assert step.finished
    assert reply is None


async def test_a_flag_cancels_a_step_still_running() -> None:
    step = _Step(delay=5)
    screening, reply = await screen_alongside(_Check(True), "text", step())
    assert screening.flagged
    assert reply is None
    assert step.started
    assert not step.finished


async def test_a_failed_check_is_recorded_and_the_step_goes_on() -> None:
    screening, reply = await screen_alongside(_Check(None), "text", _Step()())
    assert not screening.flagged
    assert reply == "the step's reply"
    [verdict] = screening.verdicts
    assert (verdict.layer, verdict.failed) == ("model-risk-check", True)


async def test_a_failing_step_is_dropped_when_the_check_flags_and_raised_when_it_does_not() -> None:
    screening, reply = await screen_alongside(_Check(True, delay=0.01), "text", _Step(fails=True)())
    assert screening.flagged
    assert reply is None
    with pytest.raises(ExternalServiceError):
        await screen_alongside(_Check(False), "text", _Step(fails=True)())
