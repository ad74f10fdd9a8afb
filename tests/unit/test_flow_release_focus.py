import pytest

from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby
from tests.unit.test_flow_smart_goal import walk_goal

OUTSIDE = ("The decision senior management makes about the restructure",
           "How the market is doing and the company budget")
INSIDE = ("I can update my CV this week", "I can ask my manager about my options")


async def walk_to_clarity(bobby: Bobby) -> None:
    await bobby.consented()
    assert bobby.text("release_focus", "challenge") in await bobby.say("3")
    reply = await bobby.say("My team is being restructured and I might lose my role")
    assert bobby.question("release_focus", "control_loop", 1) in reply
    for number, said in enumerate((*OUTSIDE, INSIDE[0]), start=2):
        assert bobby.question("release_focus", "control_loop", number) in await bobby.say(said)
    reply = await bobby.say(INSIDE[1])
    assert bobby.closing("release_focus", "control_loop") in reply
    assert bobby.at() == ("release_focus", "clarity")


async def test_a_clear_next_step_leads_through_reminder_and_feedback_into_a_smart_goal() -> None:
    bobby = Bobby()
    await walk_to_clarity(bobby)
    await bobby.say("4")
    assert bobby.at() == ("release_focus", "offer_goal")
    await bobby.say("yes")
    assert bobby.at() == ("reminder_offer", "want")
    await bobby.say("no")
    reply = await bobby.say("skip")
    assert bobby.text("release_focus", "to_goal") in reply
    assert bobby.text("smart_goal", "goal") in reply
    assert bobby.at() == ("smart_goal", "goal")
    [focus] = bobby.results()
    assert (focus.flow_id, focus.flow_version, focus.status, focus.feel_after) == (
        "release_focus", 1, ResultStatus.FINISHED, 4)
    assert focus.fields["challenge"] == "My team is being restructured and I might lose my role"
    said = [t["content"] for t in focus.fields["control_talk"] if t["role"] == "user"]
    assert said == [*OUTSIDE, *INSIDE]
    # The goal that follows is its own exercise, recorded under its own id.
    await bobby.say("menu")  # abandon the goal flow started above...
    await walk_goal(bobby)   # ...and run a whole one from the menu
    finished = [r for r in bobby.results() if r.status is ResultStatus.FINISHED]
    assert [r.flow_id for r in finished] == ["release_focus", "smart_goal"]
    left = [r.flow_id for r in bobby.results() if r.status is ResultStatus.ABANDONED]
    assert left == ["smart_goal"]


async def test_the_goal_started_from_release_and_focus_saves_as_a_smart_goal() -> None:
    bobby = Bobby()
    await walk_to_clarity(bobby)
    for text in ("5", "yes", "no", "skip"):
        await bobby.say(text)
    for text in ("Finish the report", "Write two sections", "Both sent to Sam",
                 "Yes with two hours blocked", "It unblocks the team review", "By four today"):
        await bobby.say(text)
    assert bobby.at() is None
    goal = next(r for r in bobby.results() if r.flow_id == "smart_goal")
    assert (goal.status, goal.fields["goal"]) == (ResultStatus.FINISHED, "Finish the report")


async def test_declining_the_goal_just_finishes_after_the_usual_questions() -> None:
    bobby = Bobby()
    await walk_to_clarity(bobby)
    await bobby.say("4")
    await bobby.say("no")
    await bobby.say("no")
    await bobby.say("skip")
    assert not bobby.state().active
    assert [r.flow_id for r in bobby.results()] == ["release_focus"]


@pytest.mark.parametrize(("score", "said", "not_said"), [
    ("2", "get_help", "thanks"), ("1", "get_help", "thanks"), ("3", "thanks", "get_help"),
])
async def test_an_unclear_or_torn_next_step_gets_help_or_thanks_and_then_the_reminder(
        score: str, said: str, not_said: str) -> None:
    bobby = Bobby()
    await walk_to_clarity(bobby)
    reply = await bobby.say(score)
    assert bobby.text("release_focus", said) in reply
    assert bobby.text("release_focus", not_said) not in reply
    assert bobby.at() == ("reminder_offer", "want")
    [result] = bobby.results()
    assert result.feel_after == int(score)


async def test_the_loop_does_not_close_before_two_things_outside_and_two_inside() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("3")
    await bobby.say("A difficult client keeps changing the brief")
    for text in (*OUTSIDE, INSIDE[0]):
        await bobby.say(text)
        assert bobby.at() == ("release_focus", "control_loop")
    await bobby.say(INSIDE[1])
    assert bobby.at() == ("release_focus", "clarity")


async def test_the_closing_names_what_was_named_and_nothing_more() -> None:
    bobby = Bobby()
    await walk_to_clarity(bobby)
    assert bobby.state().variables["control_reflection"] == bobby.flow_text(
        "release_focus", "reflect_both")


async def test_a_user_who_names_nothing_is_not_told_they_named_anything() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("3")
    await bobby.say("My team is being restructured and I might lose my role")
    replies = []
    while bobby.at() == ("release_focus", "control_loop"):
        replies.append(await bobby.say("nothing"))
    assert bobby.at() == ("release_focus", "clarity")
    assert bobby.flow_text("release_focus", "reflect_nothing") in replies[-1]
    assert bobby.flow_text("release_focus", "reflect_both") not in "\n".join(replies)


async def test_naming_only_what_is_outside_is_reflected_as_that() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("3")
    await bobby.say("My team is being restructured and I might lose my role")
    await bobby.say(OUTSIDE[0])
    await bobby.say(OUTSIDE[1])
    while bobby.at() == ("release_focus", "control_loop"):
        reply = await bobby.say("nothing")
    assert bobby.flow_text("release_focus", "reflect_let_go") in reply
