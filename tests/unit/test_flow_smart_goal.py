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
    assert str(summary).startswith("Finish the quarterly report draft: ")
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
