from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby


async def walk_cheerleader(bobby: Bobby) -> str:
    await bobby.consented()
    assert bobby.text("cheerleader", "situation") in await bobby.say("7")
    await bobby.say("A big presentation tomorrow and I feel unprepared")
    assert bobby.at() == ("cheerleader", "friend")
    reply = await bobby.say("Priya")
    assert bobby.question("cheerleader", "cheer_loop", 1) in reply
    assert "Priya" in reply
    reply = await bobby.say("You know this material better than anyone in the room")
    assert bobby.question("cheerleader", "cheer_loop", 2) in reply
    reply = await bobby.say("You have done hard things before and people enjoy listening to you")
    assert bobby.closing("cheerleader", "cheer_loop") in reply
    assert bobby.at() == ("cheerleader", "self_words")
    await bobby.say("I know this material and I have done hard things")
    assert bobby.at() == ("cheerleader", "feel_after")
    return await bobby.say("4")


async def test_a_whole_cheerleader_session_saves_situation_friend_words_and_score() -> None:
    bobby = Bobby()
    assert bobby.text("cheerleader", "done") in await walk_cheerleader(bobby)
    [result] = bobby.results()
    assert (result.flow_id, result.flow_version, result.status, result.feel_after) == (
        "cheerleader", 1, ResultStatus.FINISHED, 4)
    assert result.fields["situation"] == "A big presentation tomorrow and I feel unprepared"
    assert result.fields["friend"] == "Priya"
    assert result.fields["self_words"] == "I know this material and I have done hard things"
    cheers = [t["content"] for t in result.fields["cheer_talk"] if t["role"] == "user"]
    assert cheers[0] == "You know this material better than anyone in the room"
    assert len(cheers) == 2
    assert not bobby.state().active


async def test_cheering_needs_more_than_a_shrug_before_turning_it_around() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("cheerleader")
    await bobby.say("I failed my driving test again today")
    await bobby.say("Sam")
    reply = await bobby.say("I don't know")
    assert bobby.at() == ("cheerleader", "cheer_loop")
    assert "Sam" in reply
