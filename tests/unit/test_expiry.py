from datetime import timedelta

from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby


async def _idle_in_reflect(bobby: Bobby) -> str:
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("An argument with my flatmate")
    bobby.clock.advance(timedelta(hours=1, minutes=1))
    return await bobby.say("I think they hate me")


async def test_an_idle_exercise_is_recorded_as_abandoned_and_offered_back() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    reply = await _idle_in_reflect(bobby)
    assert bobby.said("paused_offer", title=bobby.registry.latest("reflect").title) in reply
    [result] = bobby.results()
    assert (result.status, result.abandoned_at_step) == (ResultStatus.ABANDONED, "belief_loop")
    state = bobby.state()
    assert state.active
    assert state.held_text == "I think they hate me"


async def test_carrying_on_after_a_pause_keeps_the_answer_the_user_gave() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await _idle_in_reflect(bobby)
    await bobby.say("1")
    state = bobby.state()
    assert state.active
    assert (state.paused_at, state.held_text) == (None, None)
    assert "I think they hate me" in state.variables.values()


async def test_starting_fresh_after_a_pause_shows_the_menu_and_records_nothing_more() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await _idle_in_reflect(bobby)
    reply = await bobby.say("2")
    assert bobby.texts.menu_header in reply
    assert not bobby.state().active
    assert len(bobby.results()) == 1


async def test_a_global_word_after_a_pause_just_does_its_usual_thing() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    await bobby.say("2")
    bobby.clock.advance(timedelta(hours=2))
    await bobby.run_due()  # the idle job pauses it
    assert bobby.texts.menu_header in await bobby.say("menu")
    assert not bobby.state().active
    assert len(bobby.results()) == 1


async def test_a_reply_within_the_idle_time_continues() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    await bobby.say("2")
    bobby.clock.advance(timedelta(minutes=59))
    reply = await bobby.say("An argument with my flatmate")
    assert bobby.question("reflect", "belief_loop", 1) in reply
    assert bobby.results() == []


async def test_expiry_then_a_menu_choice_starts_that_exercise_fresh() -> None:
    bobby = Bobby(idle_timeout=timedelta(minutes=30))
    await bobby.consented()
    await bobby.say("2")
    bobby.clock.advance(timedelta(hours=2))
    await bobby.say("hi")
    assert bobby.text("reflect", "event") in await bobby.say("2")
    assert bobby.state().variables == {}


async def test_help_after_a_pause_keeps_the_exercise_to_carry_on() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    await bobby.say("2")
    bobby.clock.advance(timedelta(hours=2))
    await bobby.run_due()
    assert bobby.said("help") in await bobby.say("help")
    assert bobby.said("paused_offer", title=bobby.registry.latest("reflect").title) in \
        await bobby.say("An argument with my flatmate")
    assert bobby.question("reflect", "belief_loop", 1) in await bobby.say("1")


async def test_everyday_yes_and_no_answer_the_paused_offer() -> None:
    carry_on = Bobby(idle_timeout=timedelta(hours=1))
    await _idle_in_reflect(carry_on)
    await carry_on.say("yeah sure")
    assert carry_on.state().paused_at is None
    assert "I think they hate me" in carry_on.state().variables.values()
    fresh = Bobby(idle_timeout=timedelta(hours=1))
    await _idle_in_reflect(fresh)
    assert fresh.texts.menu_header in await fresh.say("nah")
    assert not fresh.state().active
