"""RunStudioStep: one step per call, state kept between calls; consent first, steps in order,
no reminder offer of Bobby's (Studio has its own)."""

from __future__ import annotations

import asyncio

import pytest

from bobby_adapters.disabled import FreePaymentGateway
from bobby_adapters.fakes import (
    FakeChartRenderer,
    FakeClock,
    InMemoryMediaStorage,
    SequentialIdGenerator,
)
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_core.delivery.artefacts import ReplyArtefacts
from bobby_core.engine.runner import Engine
from bobby_core.errors import ExternalServiceError, UnknownFlowError
from bobby_core.flows import all_actions, default_registry
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.ports import LanguageModel
from bobby_core.safety.helplines import Helplines
from bobby_core.use_cases.run_studio_step import (
    RunStudioStep,
    RunStudioStepCommand,
    RunStudioStepResult,
    StepOutOfOrderError,
    UnknownStepError,
)

PHONE = "whatsapp:+447700900123"


class Studio:
    def __init__(self, llm: LanguageModel | None = None, budget: float = 8.0,
                 helplines: dict[str, Helplines] | None = None) -> None:
        self.uow = InMemoryUnitOfWorkFactory()
        engine = Engine(default_registry(), llm or OfflineLanguageModel(), all_actions())
        artefacts = ReplyArtefacts(FakeChartRenderer(), InMemoryMediaStorage(),
                                   FreePaymentGateway())
        self.run = RunStudioStep(self.uow, FakeClock(), SequentialIdGenerator(), engine,
                                 OfflineCrisisScreener(), artefacts, helplines=helplines,
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


async def walk_to(studio: Studio, flow: str, until: str, answer: str) -> RunStudioStepResult:
    """Answer each step the flow asks (at most 20 calls) until it waits at `until`."""
    result = await studio.step(flow, "welcome")
    for _ in range(20):
        if result.next_step == until:
            return result
        assert result.next_flow == flow
        assert result.next_step is not None
        result = await studio.step(flow, result.next_step, answer)
    raise AssertionError(f"never reached {until}")


async def test_an_invalid_answer_is_asked_again_without_moving() -> None:
    studio = Studio()
    await studio.consent()
    await walk_to(studio, "reflect", "feel_after", "I always get it wrong, it feels true")
    result = await studio.step("reflect", "feel_after", "seven")
    assert "1 to 5" in " ".join(result.replies)
    assert (result.step_done, result.next_step) == (False, "feel_after")


async def test_the_last_answer_saves_and_finishes_without_bobbys_reminder_offer() -> None:
    studio = Studio()
    await studio.consent()
    await walk_to(studio, "reflect", "feel_after", "I always get it wrong, it feels true")
    result = await studio.step("reflect", "feel_after", "4")
    [saved] = studio.uow.store.results.values()
    assert (saved.flow_id, saved.feel_after) == ("reflect", 4)
    assert (result.step_done, result.flow_done) == (True, True)
    assert (result.next_flow, result.next_step) == (None, None)
    assert studio.uow.store.reminders == {}
    [state] = studio.uow.store.conversations.values()
    assert not state.active


async def test_a_step_called_out_of_order_is_refused_naming_the_expected_step() -> None:
    studio = Studio()
    await studio.consent()
    with pytest.raises(StepOutOfOrderError) as idle:
        await studio.step("reflect", "feel_after", "4")
    assert (idle.value.expected.flow_id, idle.value.expected.step_id) == ("reflect", "welcome")
    await studio.step("reflect", "event", "A row with my sister")
    with pytest.raises(StepOutOfOrderError) as midway:
        await studio.step("reflect", "socratic_loop", "yes")
    assert midway.value.expected.step_id == "belief_loop"
    assert studio.uow.store.results == {}
    assert studio.state_vars()["event"] == "A row with my sister"


async def test_boundaries_day_one_questions_cannot_skip_the_day_check() -> None:
    studio = Studio()
    await studio.consent()
    with pytest.raises(StepOutOfOrderError):
        await studio.step("boundaries", "d1_q01", "yes")
    assert studio.uow.store.results == {}


async def test_a_first_call_asks_for_consent_instead_and_keeps_nothing() -> None:
    studio = Studio()
    asked = await studio.step("reflect", "event", "A row with my sister")
    assert asked.consent_required
    assert (asked.next_flow, asked.next_step) == ("consent", "ask")
    assert asked.replies  # the disclosure and the question, to send to the user
    [state] = studio.uow.store.conversations.values()
    assert "event" not in state.variables
    declined = await studio.step("consent", "ask", "no")
    assert declined.flow_done
    again = await studio.step("reflect", "event", "A row with my sister")
    assert again.consent_required
    await studio.step("consent", "ask", "yes")
    started = await studio.step("reflect", "event", "A row with my sister")
    assert not started.consent_required
    assert started.next_step == "belief_loop"


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
