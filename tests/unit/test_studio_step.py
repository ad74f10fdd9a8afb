"""RunStudioStep: one step per call, for a user who consented, with state kept between calls."""

from __future__ import annotations

import asyncio

import pytest

from bobby_adapters.fakes import FakeClock, SequentialIdGenerator
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_core.engine.runner import Engine
from bobby_core.errors import ExternalServiceError, UnknownFlowError
from bobby_core.flows import all_actions, default_registry
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.ports import LanguageModel
from bobby_core.safety.helplines import Helplines
from bobby_core.use_cases.run_studio_step import (
    ConsentRequiredError,
    RunStudioStep,
    RunStudioStepCommand,
    RunStudioStepResult,
    UnknownStepError,
)

PHONE = "whatsapp:+447700900123"


class Studio:
    def __init__(self, llm: LanguageModel | None = None, budget: float = 8.0,
                 helplines: dict[str, Helplines] | None = None) -> None:
        self.uow = InMemoryUnitOfWorkFactory()
        engine = Engine(default_registry(), llm or OfflineLanguageModel(), all_actions())
        self.run = RunStudioStep(self.uow, FakeClock(), SequentialIdGenerator(), engine,
                                 OfflineCrisisScreener(), helplines=helplines,
                                 budget_seconds=budget)

    async def step(self, flow: str, step: str, text: str = "") -> RunStudioStepResult:
        return await self.run.execute(RunStudioStepCommand(phone=PHONE, flow_id=flow,
                                                           step_id=step, text=text))

    async def consent(self) -> None:
        await self.step("consent", "ask", "yes")

    def state_vars(self) -> dict[str, object]:
        [state] = self.uow.store.conversations.values()
        return state.variables


async def test_empty_text_asks_the_steps_own_question_and_waits() -> None:
    studio = Studio()
    await studio.consent()
    result = await studio.step("reflect", "event")
    assert "What's an event" in result.replies[0]
    assert (result.step_done, result.flow_done, result.next_step) == (False, False, "event")


async def test_an_answer_moves_on_and_later_steps_see_earlier_answers() -> None:
    studio = Studio()
    await studio.consent()
    first = await studio.step("reflect", "event", "A row with my sister")
    assert (first.step_done, first.next_flow, first.next_step) == (True, "reflect", "belief_loop")
    second = await studio.step("reflect", "belief_loop", "She thinks I never listen")
    assert second.replies
    assert studio.state_vars()["event"] == "A row with my sister"


async def test_an_invalid_answer_is_asked_again_without_moving() -> None:
    studio = Studio()
    await studio.consent()
    result = await studio.step("reflect", "feel_after", "seven")
    assert "1 to 5" in " ".join(result.replies)
    assert (result.step_done, result.next_step) == (False, "feel_after")


async def test_the_last_answer_hands_over_to_the_next_flow_then_finishes() -> None:
    studio = Studio()
    await studio.consent()
    await studio.step("reflect", "event", "A row with my sister")
    result = await studio.step("reflect", "feel_after", "4")
    [saved] = studio.uow.store.results.values()
    assert (saved.flow_id, saved.feel_after) == ("reflect", 4)
    assert result.step_done
    assert not result.flow_done  # the after-exercise questions still run inside it
    assert (result.next_flow, result.next_step) != (None, None)
    for _ in range(5):
        assert result.next_flow is not None
        assert result.next_step is not None
        result = await studio.step(result.next_flow, result.next_step, "no")
        if result.next_step is None:
            break
    assert (result.flow_done, result.next_flow, result.next_step) == (True, None, None)
    [state] = studio.uow.store.conversations.values()
    assert not state.active


async def test_no_exercise_step_runs_before_consent_and_nothing_is_kept() -> None:
    studio = Studio()
    with pytest.raises(ConsentRequiredError):
        await studio.step("reflect", "event", "A row with my sister")
    assert studio.uow.store.conversations == {}
    declined = await studio.step("consent", "ask", "no")
    assert declined.flow_done
    with pytest.raises(ConsentRequiredError):
        await studio.step("reflect", "event", "A row with my sister")


async def test_unknown_flows_and_steps_are_domain_errors() -> None:
    studio = Studio()
    with pytest.raises(UnknownFlowError):
        await studio.step("astrology", "start")
    with pytest.raises(UnknownStepError):
        await studio.step("reflect", "nope")


class SlowModel:
    name = "slow"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        await asyncio.sleep(5)
        return ConverseReply(text="late", done=False)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        return ExtractReply(values={})


async def test_a_step_slower_than_the_budget_is_an_outage_and_changes_nothing() -> None:
    studio = Studio(SlowModel(), budget=0.05)
    await studio.consent()
    with pytest.raises(ExternalServiceError):
        await studio.step("reflect", "event", "A row with my sister")
    assert "event" not in studio.state_vars()


async def test_a_crisis_answer_gets_the_configured_helplines_and_the_step_stays() -> None:
    studio = Studio(helplines={"+44": Helplines(country="the UK", emergency="999",
                                                lines=("Our own line: call 0800 000 000",))})
    await studio.consent()
    await studio.step("reflect", "event")
    result = await studio.step("reflect", "event", "I want to kill myself")
    assert "Our own line: call 0800 000 000" in result.replies[0]
    assert result.crisis
    assert (result.step_done, result.next_step) == (False, "event")
    [event] = studio.uow.store.safety_events.values()
    assert (event.flow_id, event.step_id) == ("reflect", "event")
