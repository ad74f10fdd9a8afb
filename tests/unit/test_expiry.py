from datetime import timedelta

from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby


async def test_an_idle_exercise_expires_as_abandoned_and_the_next_message_gets_the_menu() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("An argument with my flatmate")
    bobby.clock.advance(timedelta(hours=1, minutes=1))
    reply = await bobby.say("I think they hate me")
    assert "closed our last exercise" in reply
    assert "Reply with a number" in reply
    [result] = bobby.results()
    assert (result.status, result.abandoned_at_step) == (ResultStatus.ABANDONED, "belief_loop")
    assert not bobby.state().active


async def test_a_reply_within_the_idle_time_continues() -> None:
    bobby = Bobby(idle_timeout=timedelta(hours=1))
    await bobby.consented()
    await bobby.say("2")
    bobby.clock.advance(timedelta(minutes=59))
    reply = await bobby.say("An argument with my flatmate")
    assert "what goes through your mind" in reply
    assert bobby.results() == []


async def test_expiry_then_a_menu_choice_starts_that_exercise_fresh() -> None:
    bobby = Bobby(idle_timeout=timedelta(minutes=30))
    await bobby.consented()
    await bobby.say("2")
    bobby.clock.advance(timedelta(hours=2))
    await bobby.say("hi")
    assert "What's an event" in await bobby.say("2")
    assert bobby.state().variables == {}
