from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby

ANSWERS = (
    "Write the summary and the budget section",
    "Both sections drafted and sent to Sam",
    "Yes if I block two hours this afternoon",
    "It unblocks the team review tomorrow",
)


async def walk_goal(bobby: Bobby) -> str:
    assert "achieve today" in await bobby.say("6")
    assert "specific" in await bobby.say("Finish the quarterly report draft")
    replies = [await bobby.say(answer) for answer in ANSWERS]
    assert "know it's done" in replies[0]
    assert "realistic" in replies[1]
    assert "matter to you" in replies[2]
    assert "By when" in replies[3]
    return await bobby.say("By four pm today")


async def test_a_whole_goal_session_makes_it_smart_one_question_at_a_time_and_saves_it() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await walk_goal(bobby)
    assert "Here's your goal for today:\n*Finish the quarterly report draft: " in reply
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
