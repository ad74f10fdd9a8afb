"""RunFlowStep: one step per call, state kept between calls; consent first, steps in order,
no reminder offer of Bobby's (the caller has its own); the replies are outbox rows of the step
channel, completed and read back by the one deliverer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bobby_core.errors import ExternalServiceError, UnknownFlowError
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import Channel, DeliveryStatus, Direction, Message, MessageId
from bobby_core.safety.helplines import Helplines
from bobby_core.use_cases.run_flow_step import (
    RunFlowStep,
    RunFlowStepCommand,
    RunFlowStepResult,
    StepOutOfOrderError,
    UnknownStepError,
)
from tests.unit.harness import PHONE, Bobby


class Steps:
    def __init__(self, bobby: Bobby | None = None) -> None:
        self.bobby = bobby or Bobby()
        self.run = self.bobby.container.get(RunFlowStep)

    async def step(self, flow: str, step: str, text: str = "") -> RunFlowStepResult:
        return await self.run.execute(RunFlowStepCommand(phone=f"whatsapp:{PHONE}", flow_id=flow,
                                                         step_id=step, text=text))

    async def consent(self) -> None:
        await self.step("consent", "ask", "yes")

    def state_vars(self) -> dict[str, object]:
        return dict(self.bobby.state().variables)


async def test_empty_text_asks_the_steps_own_question_and_waits() -> None:
    steps = Steps()
    await steps.consent()
    result = await steps.step("reflect", "event")
    assert result.replies == (steps.bobby.text("reflect", "event"),)
    assert (result.step_done, result.flow_done, result.next_step) == (False, False, "event")


async def test_an_answer_moves_on_and_later_steps_see_earlier_answers() -> None:
    steps = Steps()
    await steps.consent()
    first = await steps.step("reflect", "event", "A row with my sister")
    assert (first.step_done, first.next_flow, first.next_step) == (True, "reflect", "belief_loop")
    second = await steps.step("reflect", "belief_loop", "She thinks I never listen")
    assert second.replies
    assert steps.state_vars()["event"] == "A row with my sister"


async def walk_to(steps: Steps, flow: str, until: str, answer: str) -> RunFlowStepResult:
    """Answer each step the flow asks (at most 20 calls) until it waits at `until`."""
    result = await steps.step(flow, steps.bobby.registry.latest(flow).first.id)
    for _ in range(20):
        if result.next_step == until:
            return result
        assert result.next_flow == flow
        assert result.next_step is not None
        result = await steps.step(flow, result.next_step, answer)
    raise AssertionError(f"never reached {until}")


async def test_an_invalid_answer_is_asked_again_without_moving() -> None:
    steps = Steps()
    await steps.consent()
    await walk_to(steps, "reflect", "feel_after", "I always get it wrong, it feels true")
    result = await steps.step("reflect", "feel_after", "seven")
    assert result.replies == (steps.bobby.hint("reflect", "feel_after"),)
    assert (result.step_done, result.next_step) == (False, "feel_after")


async def test_the_last_answer_saves_and_finishes_without_bobbys_reminder_offer() -> None:
    steps = Steps()
    await steps.consent()
    await walk_to(steps, "reflect", "feel_after", "I always get it wrong, it feels true")
    result = await steps.step("reflect", "feel_after", "4")
    [saved] = steps.bobby.results()
    assert (saved.flow_id, saved.feel_after) == ("reflect", 4)
    assert (result.step_done, result.flow_done) == (True, True)
    assert (result.next_flow, result.next_step) == (None, None)
    assert steps.bobby.store.reminders == {}
    assert not steps.bobby.state().active


async def test_every_reply_is_an_outbox_row_of_the_step_channel_read_back_not_sent() -> None:
    steps = Steps()
    await steps.consent()
    result = await walk_to(steps, "burnout", "item_12", "4")
    result = await steps.step("burnout", "item_12", "4")
    rows = [m for m in steps.bobby.outbox() if m.channel is Channel.STEP_API]
    assert rows == steps.bobby.outbox()
    assert {m.status for m in rows} == {DeliveryStatus.SENT}
    assert result.replies == tuple(m.body for m in rows[-len(result.replies):])
    # The chart was drawn after the turn by the deliverer; its URL is the row's media.
    assert result.image_url is not None
    assert [m.media_url for m in rows if m.media_url] == [result.image_url]
    assert len(steps.bobby.charts.bar_charts) == 1
    assert steps.bobby.messenger.sent == []  # the caller sends them, not Bobby


async def test_a_step_call_answers_even_when_another_reply_of_the_user_waits() -> None:
    steps = Steps()
    await steps.consent()
    user = steps.bobby.user()
    waiting = Message(id=MessageId("waiting"), user_id=user.id, direction=Direction.OUTBOUND,
                      body="a reminder, queued for WhatsApp", created_at=datetime.now(UTC),
                      status=DeliveryStatus.QUEUED)
    steps.bobby.store.messages[waiting.id] = waiting
    result = await steps.step("reflect", "event")
    assert result.replies == (steps.bobby.text("reflect", "event"),)
    assert steps.bobby.store.messages[waiting.id].status is DeliveryStatus.QUEUED


async def test_a_step_called_out_of_order_is_refused_naming_the_expected_step() -> None:
    steps = Steps()
    await steps.consent()
    with pytest.raises(StepOutOfOrderError) as idle:
        await steps.step("reflect", "feel_after", "4")
    assert (idle.value.expected.flow_id, idle.value.expected.step_id) == ("reflect", "welcome")
    await steps.step("reflect", "event", "A row with my sister")
    with pytest.raises(StepOutOfOrderError) as midway:
        await steps.step("reflect", "socratic_loop", "yes")
    assert midway.value.expected.step_id == "belief_loop"
    assert steps.bobby.store.results == {}
    assert steps.state_vars()["event"] == "A row with my sister"


async def test_boundaries_day_one_questions_cannot_skip_the_day_check() -> None:
    steps = Steps()
    await steps.consent()
    with pytest.raises(StepOutOfOrderError):
        await steps.step("boundaries", "d1_q01", "yes")
    assert steps.bobby.store.results == {}


async def test_a_first_call_asks_for_consent_instead_and_keeps_nothing() -> None:
    steps = Steps()
    asked = await steps.step("reflect", "event", "A row with my sister")
    assert asked.consent_required
    assert (asked.next_flow, asked.next_step) == ("consent", "ask")
    assert asked.replies  # the disclosure and the question, to send to the user
    assert "event" not in steps.state_vars()
    declined = await steps.step("consent", "ask", "no")
    assert declined.flow_done
    again = await steps.step("reflect", "event", "A row with my sister")
    assert again.consent_required
    await steps.step("consent", "ask", "yes")
    started = await steps.step("reflect", "event", "A row with my sister")
    assert not started.consent_required
    assert started.next_step == "belief_loop"


async def test_unknown_flows_and_steps_are_domain_errors() -> None:
    steps = Steps()
    with pytest.raises(UnknownFlowError):
        await steps.step("astrology", "start")
    with pytest.raises(UnknownStepError):
        await steps.step("reflect", "nope")


class SlowModel:
    name = "slow"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        await asyncio.sleep(5)
        return ConverseReply(text="late", done=False)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        return ExtractReply(values={})


async def test_a_step_slower_than_the_deadline_is_an_outage_and_changes_nothing() -> None:
    steps = Steps(Bobby(llm=SlowModel(), deadline_seconds=0.05))
    await steps.consent()
    with pytest.raises(ExternalServiceError):
        await steps.step("reflect", "event", "A row with my sister")
    assert "event" not in steps.state_vars()


async def test_a_crisis_answer_gets_the_configured_helplines_and_the_step_stays() -> None:
    steps = Steps(Bobby(helplines={"+44": Helplines(
        country="the UK", emergency="999", lines=("Our own line: call 0800 000 000",))}))
    await steps.consent()
    await steps.step("reflect", "event")
    result = await steps.step("reflect", "event", "I want to kill myself")
    assert "Our own line: call 0800 000 000" in result.replies[0]
    assert result.crisis
    assert (result.step_done, result.next_step) == (False, "event")
    [event] = steps.bobby.store.safety_events.values()
    assert (event.flow_id, event.step_id) == ("reflect", "event")
