import pytest

from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import RecordingLanguageModel

CRISIS_TEXT = "Honestly everyone would be better off without me"


async def into_socratic_loop(bobby: Bobby) -> None:
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("My manager criticised my report today")
    reply = await bobby.say("I always get things wrong and everyone notices")
    assert bobby.question("reflect", "socratic_loop", 1) in reply


async def test_a_flagged_message_never_reaches_the_model_even_after_carrying_on() -> None:
    llm = RecordingLanguageModel()
    bobby = Bobby(llm=llm)
    await into_socratic_loop(bobby)
    calls_before = len(llm.converse_requests) + len(llm.extract_requests)

    reply = await bobby.say(CRISIS_TEXT)
    assert "Samaritans" in reply
    assert bobby.text("pause_check", "resume") in reply
    assert len(llm.converse_requests) + len(llm.extract_requests) == calls_before

    reply = await bobby.say("yes")
    assert bobby.text("pause_check", "carry_on") in reply
    assert bobby.question("reflect", "socratic_loop", 1) in reply  # the waiting question, asked again
    await bobby.say("I did get good feedback last month though")
    await bobby.say("I'd tell a friend one mistake doesn't define them")
    await bobby.say("Maybe he was simply stressed, not angry at me")
    assert bobby.at() == ("reflect", "feel_after")
    await bobby.say("4")

    assert CRISIS_TEXT not in llm.everything_sent()
    assert "Samaritans" not in llm.everything_sent()  # nor the crisis reply
    [result] = bobby.results()
    assert result.status is ResultStatus.FINISHED
    assert CRISIS_TEXT not in str(result.fields)


async def test_a_crisis_records_a_safety_event_with_where_it_happened() -> None:
    bobby = Bobby(llm=RecordingLanguageModel())
    await into_socratic_loop(bobby)
    await bobby.say("I want to kill myself")
    [event] = bobby.store.safety_events.values()
    assert event.user_id == bobby.user().id
    assert event.categories == ("active_thoughts", "intent")
    assert event.screener == "offline-rules"
    assert (event.flow_id, event.step_id) == ("reflect", "socratic_loop")
    assert [f.flow_id for f in bobby.state().stack] == ["reflect", "pause_check"]


async def test_declining_to_carry_on_closes_the_exercise_as_abandoned() -> None:
    bobby = Bobby()
    await into_socratic_loop(bobby)
    await bobby.say(CRISIS_TEXT)
    assert bobby.text("pause_check", "left") in await bobby.say("no")
    assert not bobby.state().active
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED


async def test_a_second_crisis_message_during_the_pause_gets_helplines_again_without_a_new_pause() -> None:
    bobby = Bobby()
    await into_socratic_loop(bobby)
    await bobby.say(CRISIS_TEXT)
    reply = await bobby.say("I can't go on like this")
    assert "Samaritans" in reply
    assert [f.flow_id for f in bobby.state().stack] == ["reflect", "pause_check"]
    assert len(bobby.store.safety_events) == 2


async def test_a_crisis_at_first_contact_gets_helplines_before_consent_and_stores_no_text() -> None:
    bobby = Bobby()
    reply = await bobby.say("i want to die")
    assert "116 123" in reply
    assert len(bobby.store.safety_events) == 1
    assert all(m.body == "" for m in bobby.store.messages.values() if m.direction == "inbound")


@pytest.mark.parametrize(("phone", "expected"), [
    ("+447700900123", ("116 123", "85258", "999")),
    ("+12025550123", ("988", "911")),        # US
    ("+14165550123", ("988", "911")),        # Canada shares +1
    ("+353851234567", ("116 123", "112")),
    ("+61412345678", ("13 11 14", "000")),
    ("+919812345678", ("14416", "112")),
    ("+27821234567", ("0800 567 567",)),
    ("+34612345678", ("024", "112")),        # Spain
    ("+33612345678", ("3114", "112")),       # France
    ("+4915123456789", ("0800 111 0 111", "112")),
    ("+351912345678", ("1411", "112")),      # Portugal
    ("+5511912345678", ("188",)),            # Brazil
    ("+525512345678", ("800 911 2000", "911")),
    ("+819012345678", ("findahelpline.com", "local emergency number")),
])
async def test_the_crisis_reply_carries_the_helplines_of_the_users_country(
        phone: str, expected: tuple[str, ...]) -> None:
    bobby = Bobby()
    reply = await bobby.say("I want to end my life", phone=phone)
    for number in expected:
        assert number in reply
    if phone != "+447700900123":
        assert "85258" not in reply


async def test_the_crisis_reply_is_fixed_text_not_model_output() -> None:
    llm = RecordingLanguageModel()
    bobby = Bobby(llm=llm)
    await into_socratic_loop(bobby)
    replies = (await bobby.send(CRISIS_TEXT)).replies
    assert replies[0].body == bobby.crisis_reply()
    assert (await bobby.send(CRISIS_TEXT)).usage.total == 0


@pytest.mark.copy
async def test_no_im_ok_after_a_crisis_message_is_acknowledged_warmly() -> None:
    bobby = Bobby()
    await into_socratic_loop(bobby)
    await bobby.say(CRISIS_TEXT)
    reply = await bobby.say("no I'm ok")
    assert reply.startswith(bobby.text("pause_check", "left"))
    assert "Okay, we'll leave it there" not in reply
    assert "Thank you for letting me know" in reply
    assert not bobby.state().active
