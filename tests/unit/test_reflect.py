from datetime import timedelta

from bobby_core.model import ReminderStatus, ResultStatus
from tests.unit.harness import Bobby


async def walk_reflect(bobby: Bobby) -> None:
    await bobby.consented()
    assert bobby.text("reflect", "event") in await bobby.say("2")
    reply = await bobby.say("My manager criticised my report today")
    assert bobby.at() == ("reflect", "belief_loop")
    assert bobby.question("reflect", "belief_loop", 1) in reply
    reply = await bobby.say("I always get things wrong and everyone notices")
    assert bobby.at() == ("reflect", "socratic_loop")
    assert bobby.question("reflect", "socratic_loop", 1) in reply
    await bobby.say("I did get good feedback last month though")
    await bobby.say("I'd tell a friend one mistake doesn't define them")
    await bobby.say("Maybe he was simply stressed, not angry at me")
    assert bobby.at() == ("reflect", "feel_after")
    reply = await bobby.say("4")
    assert bobby.text("reflect", "thanks") in reply
    assert bobby.path() == (("reflect", "after"), ("after_exercise", "reminder"),
                            ("reminder_offer", "want"))


async def test_a_whole_reflect_session_saves_event_belief_transcripts_and_score() -> None:
    bobby = Bobby()
    await walk_reflect(bobby)
    [result] = bobby.results()
    assert result.status is ResultStatus.FINISHED
    assert (result.flow_id, result.flow_version, result.feel_after) == ("reflect", 1, 4)
    assert result.fields["event"] == "My manager criticised my report today"
    assert result.fields["belief"] == "I always get things wrong and everyone notices"
    socratic = result.fields["socratic_talk"]
    assert [t["role"] for t in socratic].count("user") == 3
    assert bobby.state().active  # the reminder offer follows


async def test_after_reflect_a_reminder_is_scheduled_and_feedback_saved() -> None:
    bobby = Bobby()
    await walk_reflect(bobby)
    await bobby.say("yep")
    assert bobby.at() == ("reminder_offer", "days")
    assert await bobby.say("10") == bobby.hint("reminder_offer", "days")
    assert bobby.at() == ("reminder_offer", "days")
    await bobby.say("3")
    assert bobby.at() == ("feedback", "ask")
    [pending] = bobby.store.reminders.values()
    assert pending.due_at - bobby.clock.now() == timedelta(days=3)
    assert (pending.kind, pending.status) == ("custom", ReminderStatus.PENDING)
    assert bobby.text("after_exercise", "bye") in await bobby.say("Really helpful, thanks")
    [feedback] = bobby.store.feedback.values()
    assert (feedback.text, feedback.flow_id) == ("Really helpful, thanks", "reflect")
    assert not bobby.state().active
    assert len(bobby.results()) == 1  # leaving after the save is not an abandonment


async def test_declining_the_reminder_and_skipping_feedback_stores_nothing_more() -> None:
    bobby = Bobby()
    await walk_reflect(bobby)
    assert bobby.text("reminder_offer", "no_thanks") in await bobby.say("Nope.")
    await bobby.say("skip")
    assert bobby.store.reminders == {}
    assert bobby.store.feedback == {}
    assert not bobby.state().active


async def test_feel_after_out_of_range_is_asked_again_without_moving_on() -> None:
    bobby = Bobby()
    await bobby.consented()
    for text in ["2", "A hard talk with my sister", "She thinks I never listen to her at all",
                 "We did laugh together last week", "I'd say one argument is not everything",
                 "Maybe she was tired after work"]:
        await bobby.say(text)
    assert bobby.at() == ("reflect", "feel_after")
    assert await bobby.say("7") == bobby.hint("reflect", "feel_after")
    assert await bobby.say("pretty good") == bobby.hint("reflect", "feel_after")
    assert bobby.results() == []
    await bobby.say("five")
    assert bobby.results()[0].feel_after == 5
