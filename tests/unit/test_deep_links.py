from tests.unit.harness import Bobby


async def test_a_first_message_burnout_check_in_runs_the_check_right_after_consent() -> None:
    bobby = Bobby()
    assert bobby.text("consent", "ask") in await bobby.say("Burnout Check-In")
    reply = await bobby.say("yes")
    assert bobby.texts.menu_header not in reply
    top = bobby.state().top
    assert top is not None
    assert top.flow_id == "burnout"


async def test_declining_consent_after_a_deep_link_starts_nothing() -> None:
    bobby = Bobby()
    await bobby.say("Burnout Check-In")
    await bobby.say("no")
    assert not bobby.state().active
    assert bobby.results() == []


async def test_a_plain_first_hello_gets_the_menu_after_consent() -> None:
    bobby = Bobby()
    await bobby.say("hello")
    assert bobby.texts.menu_header in await bobby.say("yes")
    assert not bobby.state().active


async def test_start_journaling_deep_link_works_mid_exercise() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("Start Journaling")
    top = bobby.state().top
    assert top is not None
    assert top.flow_id == "journaling"
