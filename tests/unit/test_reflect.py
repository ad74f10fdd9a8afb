from datetime import timedelta

from bobby_core.model import ReminderStatus, ResultStatus
from tests.unit.harness import Bobby


async def walk_reflect(bobby: Bobby) -> None:
    await bobby.consented()
    assert "What's an event" in await bobby.say("2")
    assert "what goes through your mind" in await bobby.say("My manager criticised my report today")
    reply = await bobby.say("I always get things wrong and everyone notices")
    assert "What makes you believe" in reply
    await bobby.say("I did get good feedback last month though")
    await bobby.say("I'd tell a friend one mistake doesn't define them")
    assert "from 1 to 5" in await bobby.say("Maybe he was simply stressed, not angry at me")
    reply = await bobby.say("4")
    assert "Thank you for taking the time" in reply
    assert "remind you" in reply


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
    assert "1 to 7" in await bobby.say("yep")
    assert "between 1 and 7" in await bobby.say("10")
    assert "in 3 days" in await bobby.say("3")
    [pending] = bobby.store.reminders.values()
    assert pending.due_at - bobby.clock.now() == timedelta(days=3)
    assert (pending.kind, pending.status) == ("custom", ReminderStatus.PENDING)
    assert "just say hi" in (await bobby.say("Really helpful, thanks")).lower()
    [feedback] = bobby.store.feedback.values()
    assert (feedback.text, feedback.flow_id) == ("Really helpful, thanks", "reflect")
    assert not bobby.state().active
    assert len(bobby.results()) == 1  # leaving after the save is not an abandonment


async def test_declining_the_reminder_and_skipping_feedback_stores_nothing_more() -> None:
    bobby = Bobby()
    await walk_reflect(bobby)
    assert "No problem" in await bobby.say("Nope.")
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
    assert "number from 1 to 5" in await bobby.say("7")
    assert "number from 1 to 5" in await bobby.say("pretty good")
    assert bobby.results() == []
    await bobby.say("five")
    assert bobby.results()[0].feel_after == 5
