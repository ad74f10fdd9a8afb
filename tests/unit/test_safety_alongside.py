"""The model risk check runs beside the turn's own model call: it adds no waiting, and when it
flags, the turn's reply is dropped for the crisis reply."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import LayerVerdict
from bobby_core.ports import ScreeningResult
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import RecordingLanguageModel

HIDDEN = "Everything is arranged now, the weather is grey today"
"""Nothing the offline rules catch: only the (double of the) model risk check flags it."""


@dataclass
class RiskCheck:
    """Flags one message; waits until the step's model call has started before answering."""

    step_started: asyncio.Event = field(default_factory=asyncio.Event)
    flag: str = HIDDEN

    async def screen(self, text: str) -> ScreeningResult:
        await asyncio.wait_for(self.step_started.wait(), 1)
        flagged = text == self.flag
        return ScreeningResult(
            flagged=flagged, categories=("preparation",) if flagged else (),
            screener="model-risk-check",
            verdicts=(LayerVerdict(layer="model-risk-check", flagged=flagged),))


@dataclass
class SignallingModel(RecordingLanguageModel):
    started: asyncio.Event | None = None

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        if self.started is not None:
            self.started.set()
        return await super().converse(request)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        if self.started is not None:
            self.started.set()
        return await super().extract(request)


def bobby_with_risk_check() -> tuple[Bobby, RiskCheck]:
    risk = RiskCheck()
    bobby = Bobby(llm=SignallingModel(started=risk.step_started), risk_check=risk)
    return bobby, risk


async def at_the_event_question(bobby: Bobby, risk: RiskCheck) -> None:
    risk.step_started.set()  # turns without a model call do not wait for one
    await bobby.consented()
    await bobby.say("2")
    risk.step_started.clear()


async def test_the_risk_check_and_the_steps_model_call_run_at_the_same_time() -> None:
    bobby, risk = bobby_with_risk_check()
    await at_the_event_question(bobby, risk)
    # The check only answers once the step's model call has begun: were they run one after
    # the other, this turn would wait for ever (the check times out after 1 s).
    reply = await bobby.say("My manager criticised my report today")
    assert bobby.question("reflect", "belief_loop", 1) in reply
    assert "Samaritans" not in reply


async def test_when_the_risk_check_flags_the_turns_reply_is_dropped_for_the_crisis_reply() -> None:
    bobby, risk = bobby_with_risk_check()
    await at_the_event_question(bobby, risk)
    before = bobby.state()
    replies = [r.body for r in (await bobby.send(HIDDEN)).replies]
    assert "Samaritans" in replies[0]
    assert not any(bobby.question("reflect", "belief_loop", 1) in r.lower() for r in replies)
    [event] = bobby.store.safety_events.values()
    assert event.categories == ("preparation",)
    assert [v.layer for v in event.verdicts if v.flagged] == ["model-risk-check"]
    # The exercise paused where it was: the dropped turn left no trace in the state.
    assert bobby.state().variables.get("event") == before.variables.get("event")
    top = bobby.state().top
    assert top is not None
    assert top.flow_id == "pause_check"
