import pytest

from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby

ANSWERS = (
    "Write the summary and the budget section",
    "Both sections drafted and sent to Sam",
    "Yes if I block two hours this afternoon",
    "It unblocks the team review tomorrow",
)


async def walk_goal(bobby: Bobby) -> str:
    assert bobby.text("smart_goal", "goal") in await bobby.say("6")
    reply = await bobby.say("Finish the quarterly report draft")
    assert bobby.question("smart_goal", "smart_loop", 1) in reply
    replies = [await bobby.say(answer) for answer in ANSWERS]
    for number, reply in enumerate(replies, start=2):
        assert bobby.question("smart_goal", "smart_loop", number) in reply
    return await bobby.say("By four pm today")


async def test_a_whole_goal_session_makes_it_smart_one_question_at_a_time_and_saves_it() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await walk_goal(bobby)
    summary = bobby.saved("smart_goal")["goal_summary"]
    assert str(summary).startswith("Finish the quarterly report draft. ")
    assert ";" not in str(summary)
    assert bobby.text("smart_goal", "summary", goal_summary=summary) in reply
    [result] = bobby.results()
    assert (result.flow_id, result.flow_version, result.status) == (
        "smart_goal", 1, ResultStatus.FINISHED)
    assert result.fields["goal"] == "Finish the quarterly report draft"
    # Every SMART part the user gave is in the summary, not only the first sentence.
    summary = str(result.fields["goal_summary"]).lower()
    assert all(part.lower() in summary for part in (*ANSWERS, "By four pm today"))
    asked = [t["content"] for t in result.fields["smart_talk"] if t["role"] == "assistant"]
    assert sum("?" in question for question in asked) == 5
    assert not bobby.state().active


async def test_the_summary_keeps_each_answer_whole_and_drops_a_bare_thumbs_up() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("6")
    await bobby.say("Finish the report")
    for answer in ("Write two sections", "👍", "yes", "It unblocks the team", "by 4pm"):
        await bobby.say(answer)
    summary = str(bobby.saved("smart_goal")["goal_summary"])
    assert "👍" not in summary
    assert ";" not in summary
    assert summary.endswith("By 4pm.")
    assert "Write two sections." in summary


async def test_an_answer_said_twice_is_in_the_summary_once() -> None:
    # The reply guard refuses a text that repeats itself: a summary of a user who said the
    # same thing twice would be refused and replaced by the bare goal.
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("6")
    await bobby.say("Finish the report")
    for answer in ("Write two sections", "It unblocks the team", "write two sections.",
                   "by 4pm", "It unblocks the team"):
        await bobby.say(answer)
    summary = str(bobby.saved("smart_goal")["goal_summary"])
    assert summary.count("wo sections") == 1
    assert summary.count("It unblocks the team") == 1


@pytest.mark.copy
async def test_no_promise_to_hear_how_it_went_with_nothing_behind_it() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await walk_goal(bobby)
    assert "how it went" not in reply
    assert not bobby.store.reminders
