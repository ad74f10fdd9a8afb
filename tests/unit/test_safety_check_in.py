"""A warning sign short of a crisis (the model risk check's "moderate") gets a gentle check-in
with the helplines before the turn's own reply, and the exercise goes on; a high rating, or the
rules, still get the full crisis reply and pause it. A weak model rates ordinary answers
moderate ("hi", "3", a criticised report), so moderate may only ever add a check-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_core.model import LayerVerdict
from bobby_core.ports import ScreeningResult
from bobby_core.safety.any_screener import AnyCrisisScreener
from bobby_core.safety.crisis_reply import check_in_message
from bobby_core.safety.helplines import helplines_for
from tests.unit.harness import PHONE, Bobby

MODERATE = "My manager criticised my report in front of everyone"
HIGH = "Everything is arranged now, the weather is grey today"


@dataclass
class RatingRiskCheck:
    """Rates MODERATE moderate and HIGH high, as the model risk check reports them."""

    async def screen(self, text: str) -> ScreeningResult:
        flagged, check_in = text == HIGH, text == MODERATE
        return ScreeningResult(
            flagged=flagged, check_in=check_in,
            categories=("preparation",) if flagged or check_in else (),
            screener="model-risk-check",
            verdicts=(LayerVerdict(layer="model-risk-check", flagged=flagged,
                                   score=0.75 if flagged else 0.5 if check_in else 0.0),))


def check_in(bobby: Bobby) -> str:
    """The check-in for the test phone's country, as the system texts word it."""
    return check_in_message(helplines_for(PHONE, bobby.helplines), bobby.texts)


async def at_the_event_question() -> Bobby:
    bobby = Bobby(risk_check=RatingRiskCheck())
    await bobby.consented()
    await bobby.say("2")
    return bobby


async def test_a_moderate_rating_gets_a_check_in_with_the_helplines_and_the_exercise_goes_on() -> None:
    bobby = await at_the_event_question()
    replies = [r.body for r in (await bobby.send(MODERATE)).replies]
    assert len(replies) == 2
    checked, step = replies
    assert checked == check_in(bobby)
    assert "Samaritans" in checked  # the helplines are one message away
    assert checked != bobby.crisis_reply()
    assert bobby.question("reflect", "belief_loop", 1) in step
    top = bobby.state().top
    assert top is not None
    assert (top.flow_id, top.step_id) == ("reflect", "belief_loop")
    assert bobby.store.safety_events == {}


async def test_a_high_rating_still_gets_the_crisis_reply_and_pauses_the_exercise() -> None:
    bobby = await at_the_event_question()
    replies = [r.body for r in (await bobby.send(HIGH)).replies]
    assert replies[0] == bobby.crisis_reply()
    assert check_in(bobby) not in replies
    assert not any(bobby.question("reflect", "belief_loop", 1) in r for r in replies)
    [event] = bobby.store.safety_events.values()
    assert [v.layer for v in event.verdicts if v.flagged] == ["model-risk-check"]
    top = bobby.state().top
    assert top is not None
    assert top.flow_id == "pause_check"


async def test_the_rules_still_get_the_crisis_reply_whatever_the_model_rates() -> None:
    bobby = await at_the_event_question()
    replies = [r.body for r in (await bobby.send("I want to kill myself")).replies]
    assert replies[0] == bobby.crisis_reply()
    assert check_in(bobby) not in replies
    [event] = bobby.store.safety_events.values()
    assert [v.layer for v in event.verdicts if v.flagged] == ["offline-rules"]


WEARY = "Honestly some days I can't see what I'm still doing all this for"


@dataclass
class WarningClassifier:
    """A fast layer that asks for a check-in on WEARY and flags nothing, as the offline
    classifier does at a high probability."""

    async def screen(self, text: str) -> ScreeningResult:
        warned = text == WEARY
        return ScreeningResult(flagged=False, check_in=warned, screener="offline-classifier",
                               categories=("statistical",) if warned else (),
                               verdicts=(LayerVerdict(layer="offline-classifier", flagged=False,
                                                      score=0.95 if warned else 0.1),))


async def at_the_event_question_with_the_classifier() -> Bobby:
    bobby = Bobby(screener=AnyCrisisScreener(OfflineCrisisScreener(), WarningClassifier()))
    await bobby.consented()
    await bobby.say("2")
    return bobby


async def test_a_fast_layer_warning_gets_the_check_in_and_the_exercise_goes_on() -> None:
    bobby = await at_the_event_question_with_the_classifier()
    checked, step = [r.body for r in (await bobby.send(WEARY)).replies]
    assert checked == check_in(bobby)
    assert bobby.question("reflect", "belief_loop", 1) in step
    assert bobby.store.safety_events == {}
    assert bobby.state().checked_in_at == bobby.clock.now()


async def test_the_check_in_goes_at_most_once_a_day() -> None:
    bobby = await at_the_event_question_with_the_classifier()
    await bobby.send(WEARY)
    bobby.clock.advance(timedelta(hours=23))
    again = [r.body for r in (await bobby.send(WEARY)).replies]
    assert check_in(bobby) not in again
    bobby.clock.advance(timedelta(hours=1))
    await bobby.send("menu")
    later = [r.body for r in (await bobby.send(WEARY)).replies]
    assert later[0] == check_in(bobby)


async def test_the_risk_checks_moderate_shares_the_daily_limit() -> None:
    bobby = Bobby(screener=AnyCrisisScreener(OfflineCrisisScreener(), WarningClassifier()),
                  risk_check=RatingRiskCheck())
    await bobby.consented()
    await bobby.say("2")
    first = [r.body for r in (await bobby.send(WEARY)).replies]
    second = [r.body for r in (await bobby.send(MODERATE)).replies]
    assert first.count(check_in(bobby)) == 1
    assert check_in(bobby) not in second


async def test_any_screener_passes_a_check_in_on_and_a_flag_wins() -> None:
    layers = AnyCrisisScreener(OfflineCrisisScreener(), WarningClassifier())
    assert (await layers.screen(WEARY)).check_in
    assert not (await layers.screen("we had pasta")).check_in
    both_ways = await layers.screen("I want to kill myself")
    assert both_ways.flagged
    assert not both_ways.check_in


async def test_screenings_are_counted_by_stage_and_outcome_never_with_the_text() -> None:
    bobby = Bobby(screener=AnyCrisisScreener(OfflineCrisisScreener(), WarningClassifier()),
                  risk_check=RatingRiskCheck())
    await bobby.consented()
    await bobby.say("2")
    await bobby.send(WEARY)
    await bobby.send(HIGH)
    metrics = bobby.container.get(PrometheusMetrics).registry

    def counted(stage: str, outcome: str) -> float | None:
        return metrics.get_sample_value("bobby_screenings_total",
                                        {"stage": stage, "outcome": outcome})

    assert counted("fast", "check_in") == 1
    assert counted("risk_check", "crisis") == 1
    assert (counted("fast", "clear") or 0) >= 3  # the consent, the menu pick, HIGH itself
    assert WEARY not in (await bobby.container.get(PrometheusMetrics).exposition()).decode()


@dataclass
class StillTraining:
    """The classifier in its first seconds: it says it did not screen."""

    async def screen(self, text: str) -> ScreeningResult:
        return ScreeningResult(flagged=False, screener="offline-classifier", verdicts=(
            LayerVerdict(layer="offline-classifier", flagged=False, failed=True),))


async def test_a_layer_that_did_not_screen_is_counted_by_name() -> None:
    bobby = Bobby(screener=AnyCrisisScreener(OfflineCrisisScreener(), StillTraining()))
    await bobby.send("hi")
    metrics = bobby.container.get(PrometheusMetrics).registry
    assert metrics.get_sample_value("bobby_screening_layers_down_total",
                                    {"layer": "offline-classifier"}) == 1
