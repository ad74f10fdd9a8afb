import pytest

from bobby_core.model import ConsentStatus, Direction
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import RecordingLanguageModel


@pytest.mark.copy
async def test_a_new_user_is_told_once_what_bobby_is_and_asked_to_consent() -> None:
    bobby = Bobby()
    reply = await bobby.say("hi")
    assert "automated well-being companion" in reply
    assert "not a therapist, a doctor or a medical device" in reply
    assert "Is that OK?" in reply
    reply = await bobby.say("yes")
    assert bobby.user().consent is ConsentStatus.GIVEN
    assert "not a therapist" not in reply
    assert "not a therapist" not in await bobby.say("menu")


@pytest.mark.copy
async def test_declining_starts_no_exercise_and_stores_no_text() -> None:
    llm = RecordingLanguageModel()
    bobby = Bobby(llm=llm)
    await bobby.say("hi")
    assert "won't store anything" in await bobby.say("no")
    assert bobby.user().consent is ConsentStatus.DECLINED
    reply = await bobby.say("2")  # the Reflect menu key
    assert "Is that OK?" in reply
    assert "What's an event" not in reply
    await bobby.say("My manager shouted at me today in front of everyone")
    assert not llm.converse_requests
    assert not llm.extract_requests
    assert bobby.results() == []
    inbound = [m for m in bobby.store.messages.values() if m.direction is Direction.INBOUND]
    assert inbound
    assert all(m.body == "" for m in inbound)


@pytest.mark.copy
async def test_hi_after_declining_asks_again_and_yes_then_opens_the_menu() -> None:
    bobby = Bobby()
    await bobby.say("hi")
    await bobby.say("no")
    reply = await bobby.say("hi")
    assert "automated well-being companion" in reply
    assert "Is that OK?" in reply
    await bobby.say("yes")
    assert bobby.user().consent is ConsentStatus.GIVEN
    assert "What's an event" in await bobby.say("2")
