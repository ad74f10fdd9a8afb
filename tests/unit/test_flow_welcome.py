from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby


async def test_welcome_introduces_bobby_its_limits_and_skills_then_shows_the_menu() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("0")
    assert "I'm Bobby" in reply
    assert "not a therapist" in reply
    assert "https://findahelpline.com" in reply
    for skill in ("Journaling", "Reflect", "Release and Focus", "Burnout check", "SMART goal",
                  "Cheerleader"):
        assert f"*{skill}*" in reply
    tour_end = reply.index("That's the tour")
    assert "Reply with a number" in reply[tour_end:]
    assert not bobby.state().active
    [result] = bobby.results()
    assert (result.flow_id, result.flow_version, result.status) == (
        "welcome", 1, ResultStatus.FINISHED)


async def test_after_welcome_a_menu_number_starts_that_exercise() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("welcome")
    assert "What's an event" in await bobby.say("2")
    assert bobby.state().root is not None
    assert bobby.state().root.flow_id == "reflect"  # type: ignore[union-attr]
