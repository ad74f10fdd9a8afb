from datetime import timedelta

import pytest

from bobby_core.flows.boundaries.actions import second_person
from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby

QUIZ_ALL_HEALTHY = ["yes", "no", "yes", "no", "yes", "no", "yes", "no", "yes", "no"]
QUIZ_SIX_HEALTHY = ["yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "yes", "yes"]
DAY_2 = ["My sister asked me to babysit again on my only free evening.",
         "She just assumed I would say yes like I always do",
         "I felt resentful, I wished she had asked me first"]
DAY_3 = ["hurt", "when plans get made for me without asking",
         "because my evenings are my only rest", "I would like to be asked first."]
DAY_4 = ["5", "4", "4", "3", "4", "5"]
DAY_5 = ["my boss", "Staying late again on Friday to finish a report for him",
         "He might think I'm not committed to the team",
         "I could remind him of all the extra hours I already did",
         "I understand the report matters to you and the team",
         "and I can't stay late this Friday, I can finish it on Monday morning"]


async def do_day(bobby: Bobby, answers: list[str]) -> str:
    """Start the journey, give the answers, decline the extras; return the last reply."""
    await bobby.say("8")
    reply = ""
    for answer in answers:
        reply = await bobby.say(answer)
    if bobby.at() == ("reminder_offer", "want"):  # only once the journey is complete
        await bobby.say("no")
    await bobby.say("skip")
    bobby.clock.advance(timedelta(days=1))
    return reply


def journey_line(bobby: Bobby, mark: str, day: int) -> str:
    """One line of the journey overview: `mark` is mark_done, mark_today or mark_locked."""
    return bobby.flow_text("boundaries", "overview_line", mark=bobby.flow_text("boundaries", mark),
                           day=day, title=bobby.flow_text("boundaries", f"day_{day}"))


def next_day(bobby: Bobby, day: int) -> str:
    return bobby.flow_text("boundaries", "next_day", day=day,
                           title=bobby.flow_text("boundaries", f"day_{day}"))


def days(bobby: Bobby) -> list[dict[str, object]]:
    return [r.fields for r in bobby.results()
            if r.flow_id == "boundaries" and r.status is ResultStatus.FINISHED]


async def test_day_one_is_a_yes_no_quiz_with_a_chart_and_an_interpretation() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("8")
    assert journey_line(bobby, "mark_today", 1) in reply
    assert journey_line(bobby, "mark_locked", 2) in reply
    assert bobby.text("boundaries", "d1_q01") in reply
    hint = bobby.hint("boundaries", "d1_q01")
    assert hint in await bobby.say("not sure")  # asked again, not counted as a no
    assert await bobby.say("not sure") == hint  # in other words only once
    assert await bobby.say("I know") == hint
    assert bobby.at() == ("boundaries", "d1_q01")
    for answer in QUIZ_SIX_HEALTHY[:-1]:
        await bobby.say(answer)
    result = await bobby.send(QUIZ_SIX_HEALTHY[-1])
    text = "\n".join(r.body for r in result.replies)
    band = bobby.flow_text("boundaries", "quiz_partly")
    assert bobby.text("boundaries", "d1_result", quiz_healthy=6, quiz_band=band) in text
    assert next_day(bobby, 2) in text
    # The morning note is the reminder: no other is offered on top of it, feedback is next.
    assert bobby.text("reminder_offer", "want") not in text
    assert bobby.at() == ("feedback", "ask")
    [chart] = [r.media_url for r in result.replies if r.media_url]
    assert chart in bobby.storage.files
    [drawn] = bobby.charts.donuts
    assert (drawn.part, drawn.rest, drawn.percent) == (6, 4, 60)
    [fields] = days(bobby)
    assert fields["day"] == 1
    assert (fields["quiz_healthy"], fields["quiz_unhealthy"]) == (6, 4)


async def test_days_unlock_in_order_one_per_day_and_build_on_each_other() -> None:
    bobby = Bobby()
    await bobby.consented()
    assert bobby.flow_text("boundaries", "quiz_mostly") in await do_day(bobby, QUIZ_ALL_HEALTHY)
    assert journey_line(bobby, "mark_done", 1) in await bobby.say("boundaries")
    await bobby.say("menu")
    bobby.clock.advance(timedelta(days=1))
    summary = bobby.flow_text(
        "boundaries", "summary", feeling="resentful",
        situation="your sister asked you to babysit again on your only free evening")
    reply = await do_day(bobby, [*DAY_2, "yes"])
    assert next_day(bobby, 3) in reply
    reply = await bobby.say("8")
    assert bobby.text("boundaries", "d3_recap", previous_summary=summary) in reply
    for answer in DAY_3[:-1]:
        await bobby.say(answer)
    reply = await bobby.say(DAY_3[-1])
    assert bobby.flow_text("boundaries", "i_statement", feel="hurt",
                           when="plans get made for me without asking",
                           because="my evenings are my only rest",
                           like="to be asked first") in reply
    await bobby.say("skip")
    bobby.clock.advance(timedelta(days=1))
    assert bobby.text("boundaries", "d4_intro") in await bobby.say("8")
    saved = days(bobby)
    assert [f["day"] for f in saved] == [1, 2, 3]
    assert saved[1]["summary"] == summary
    assert saved[2]["previous_summary"] == summary


async def test_day_two_summary_can_be_put_in_the_users_own_words() -> None:
    bobby = Bobby()
    await bobby.consented()
    await do_day(bobby, QUIZ_ALL_HEALTHY)
    await bobby.say("8")
    for answer in DAY_2:
        await bobby.say(answer)
    await bobby.say("no")
    assert bobby.at() == ("boundaries", "d2_own")
    own = "You feel used when your sister books your evenings."
    assert bobby.text("boundaries", "d2_noted", summary=own) in await bobby.say(
        "I feel used when my sister books my evenings")
    assert days(bobby)[-1]["summary"] == own


async def test_an_abandoned_day_does_not_unlock_the_next() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("8")
    await bobby.say("yes")
    await bobby.say("menu")
    assert journey_line(bobby, "mark_today", 1) in await bobby.say("8")
    assert days(bobby) == []


async def test_days_four_and_five_then_the_journey_is_complete() -> None:
    bobby = Bobby()
    await bobby.consented()
    await do_day(bobby, QUIZ_ALL_HEALTHY)
    await do_day(bobby, [*DAY_2, "yes"])
    await do_day(bobby, DAY_3)
    assert bobby.flow_text("boundaries", "pleasing_strong") in await do_day(bobby, DAY_4)
    await bobby.say("8")
    for answer in DAY_5:
        reply = await bobby.say(answer)
    assert bobby.flow_text("boundaries", "journey_done") in reply
    assert bobby.at() == ("reminder_offer", "want")  # no morning note left: a reminder is
    await bobby.say("no")
    await bobby.say("skip")
    said_no = str(days(bobby)[-1]["no_statement"])
    assert said_no.startswith("I understand the report matters to you and the team and I can't "
                              "stay late this Friday")
    assert bobby.text("boundaries", "d5_result", no_statement=said_no) in reply
    assert "finish it on Monday" in str(days(bobby)[-1]["statement_talk"])
    assert bobby.text("boundaries", "complete") in await bobby.say("8")
    saved = days(bobby)
    assert [f["day"] for f in saved] == [1, 2, 3, 4, 5]
    assert (saved[3]["pleasing_mean"], saved[3]["pleasing_band"]) == (4.17, "strong")
    assert saved[3]["pleasing_answers"] == [5, 4, 4, 3, 4, 5]
    assert saved[4]["no_who"] == "my boss"
    assert not bobby.state().active


async def test_a_low_people_pleasing_score_gets_the_gentle_band() -> None:
    bobby = Bobby()
    await bobby.consented()
    for answers in (QUIZ_ALL_HEALTHY, [*DAY_2, "yes"], DAY_3):
        await do_day(bobby, answers)
    reply = await do_day(bobby, ["1", "2", "1", "2", "3", "1"])
    assert bobby.flow_text("boundaries", "pleasing_few") in reply
    assert days(bobby)[-1]["pleasing_band"] == "few"


@pytest.mark.parametrize(("said", "expected"), [
    ("my manager emails me at night", "your manager emails you at night"),
    ("I'm asked to cover for Tom", "you're asked to cover for Tom"),
    ("I feel small when I am ignored", "you feel small when you are ignored"),
])
def test_second_person(said: str, expected: str) -> None:
    assert second_person(said) == expected
