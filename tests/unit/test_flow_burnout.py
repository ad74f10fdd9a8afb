from datetime import timedelta

import pytest

from bobby_core.flows.burnout.scoring import AT_RISK_FROM, HIGH_RISK_FROM, band_for, score
from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby

LOW = ["1", "2", "2", "1", "1", "2", "2", "3", "2", "1", "1", "2"]   # mean 1.67
HIGH = ["5", "4", "5", "4", "3", "4", "4", "4", "3", "3", "4", "3"]  # mean 3.83


async def answer_all(bobby: Bobby, answers: list[str]) -> None:
    await bobby.consented()
    assert bobby.text("burnout", "intro") in await bobby.say("4")
    for answer in answers[:-1]:
        await bobby.say(answer)


async def test_a_whole_low_risk_check_sends_scores_chart_and_advice_and_saves_them() -> None:
    bobby = Bobby()
    await answer_all(bobby, LOW)
    result = await bobby.send(LOW[-1])
    text = "\n".join(r.body for r in result.replies)
    assert bobby.flow_text("burnout", "summary_line", score="1.7",
                           label=bobby.flow_text("burnout", "group_exhaustion")) in text
    assert bobby.flow_text("burnout", "advice_low") in text
    assert bobby.path()[-1] == ("reminder_offer", "want")
    [chart] = [r.media_url for r in result.replies if r.media_url]
    assert bobby.storage.files[chart].content_type == "image/png"
    [drawn] = bobby.charts.bar_charts
    assert [score for _, score in drawn.bars] == [1.67, 1.33, 2.33, 1.33, 1.67]
    assert [band.starts_at for band in drawn.bands] == [2.54, 2.95]
    [saved] = bobby.results()
    assert (saved.flow_id, saved.status) == ("burnout", ResultStatus.FINISHED)
    assert saved.fields["burnout_answers"] == [int(a) for a in LOW]
    assert saved.fields["burnout_overall"] == 1.67
    assert saved.fields["burnout_band"] == "low"
    assert saved.fields["burnout_group_scores"] == {
        "exhaustion": 1.67, "mental_distance": 1.33, "cognitive_control": 2.33,
        "emotional_control": 1.33}


async def test_a_high_score_points_to_professional_help() -> None:
    bobby = Bobby()
    await answer_all(bobby, HIGH)
    reply = await bobby.say(HIGH[-1])
    assert bobby.flow_text("burnout", "band_high") in reply
    assert bobby.flow_text("burnout", "advice_high") in reply
    assert bobby.results()[0].fields["burnout_band"] == "high"


async def test_answers_outside_one_to_five_are_asked_again() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("quiz")
    assert bobby.text("burnout", "item_02") in await bobby.say("3")
    assert await bobby.say("10") == bobby.hint("burnout", "item_02")
    assert await bobby.say("often or always") == bobby.hint("burnout", "item_02")
    assert bobby.text("burnout", "item_03") in await bobby.say("four")
    assert bobby.state().variables["bat_02"] == 4


async def test_the_words_of_the_scale_are_answers_too() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("quiz")
    await bobby.say("often")
    await bobby.say("Always.")
    await bobby.say("4 often")
    assert bobby.at() == ("burnout", "item_04")
    variables = bobby.state().variables
    assert (variables["bat_01"], variables["bat_02"], variables["bat_03"]) == (4, 5, 4)


async def test_without_a_working_store_the_results_still_arrive_as_text() -> None:
    bobby = Bobby()
    bobby.storage.fail = True
    await answer_all(bobby, LOW)
    result = await bobby.send(LOW[-1])
    assert not any(r.media_url for r in result.replies)
    assert bobby.saved("burnout")["burnout_overall"] == 1.67
    assert bobby.state().variables["burnout_summary"] in "\n".join(r.body for r in result.replies)


async def test_a_timeout_scores_and_keeps_what_was_answered() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("burnout")
    for answer in ["5", "5", "4", "2", "1"]:
        await bobby.say(answer)
    bobby.clock.advance(timedelta(hours=2))
    assert bobby.said("idle_closed") in await bobby.say("hello")
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED
    assert result.abandoned_at_step == "item_06"
    assert result.fields["answered"] == 5
    assert result.fields["answers"] == [5, 5, 4, 2, 1, *[None] * 7]
    assert result.fields["group_scores"] == {"exhaustion": 4.67, "mental_distance": 1.5}
    assert result.fields["overall"] == 3.4
    assert result.fields["complete"] is False


async def test_leaving_before_any_answer_keeps_no_scores() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("4")
    await bobby.say("menu")
    [result] = bobby.results()
    assert (result.status, result.fields) == (ResultStatus.ABANDONED, {})


async def test_burnout_check_in_starts_the_check_even_in_the_middle_of_another_exercise() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    assert bobby.text("burnout", "item_01") in await bobby.say("Burnout Check-In")
    [reflect] = bobby.results()
    assert (reflect.flow_id, reflect.status) == ("reflect", ResultStatus.ABANDONED)
    root = bobby.state().root
    assert root is not None
    assert root.flow_id == "burnout"


async def test_burnout_check_in_starts_the_check_from_idle() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("burnout check-in")
    assert bobby.at() == ("burnout", "item_01")


@pytest.mark.parametrize(("mean", "band"), [
    (1.0, "low"), (AT_RISK_FROM - 0.01, "low"), (AT_RISK_FROM, "medium"),
    (HIGH_RISK_FROM - 0.01, "medium"), (HIGH_RISK_FROM, "high"), (5.0, "high"),
])
def test_bands_follow_the_cut_offs(mean: float, band: str) -> None:
    assert band_for(mean) == band


def test_nothing_answered_scores_nothing_instead_of_dividing_by_zero() -> None:
    scores = score((None,) * 12)
    assert (scores.overall, scores.band, scores.groups, scores.answered) == (None, None, {}, 0)
