"""Stray messages after an exercise (issue 26): a zone Bobby does not know is said to be unknown,
"skip" and the like start no suggestion, and a Burnout check just done is not suggested again."""

from datetime import timedelta

from tests.unit.harness import Bobby


async def test_an_unknown_time_zone_is_said_to_be_unknown_not_taken_as_a_feeling() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("time zone Mars/Olympus")
    assert reply == bobby.said("zone_unknown")
    assert bobby.user().time_zone == "Europe/London"
    assert not bobby.state().active


async def test_a_sentence_that_starts_with_city_is_no_zone_request() -> None:
    bobby = Bobby()
    await bobby.consented()
    assert await bobby.say("City life is wearing me out lately") != bobby.said("zone_unknown")


async def finish_burnout(bobby: Bobby) -> None:
    await bobby.say("4")
    while (at := bobby.at()) is not None and at[0] == "burnout":
        await bobby.say("3")
    await bobby.say("no")     # no reminder
    await bobby.say("skip")   # no feedback
    assert not bobby.state().active


async def test_stray_words_after_an_exercise_start_no_suggestion() -> None:
    bobby = Bobby()
    await bobby.consented()
    await finish_burnout(bobby)
    for stray in ("skip", "thanks", "ok", "👍", "no"):
        assert await bobby.say(stray) == bobby.said("signed_off")
        assert not bobby.state().active


async def test_burnout_is_not_suggested_again_minutes_after_one_was_finished() -> None:
    bobby = Bobby()
    await bobby.consented()
    await finish_burnout(bobby)
    bobby.clock.advance(timedelta(minutes=5))
    await bobby.say("I feel exhausted and drained after every shift")
    assert bobby.at() == ("recommender", "pick")
    assert bobby.state().variables["recommended"] != "burnout"
    bobby.clock.advance(timedelta(days=8))
    await bobby.say("menu")
    await bobby.say("I feel exhausted and drained after every shift")
    assert bobby.state().variables["recommended"] == "burnout"


async def test_a_thank_you_sentence_after_an_exercise_is_no_feeling_to_suggest_for() -> None:
    bobby = Bobby()
    await bobby.consented()
    await finish_burnout(bobby)
    assert await bobby.say("That was really helpful, thank you Bobby!") == bobby.said("signed_off")
    assert not bobby.state().active
    await bobby.say("I feel really anxious about tomorrow")
    assert bobby.at() == ("recommender", "pick")
