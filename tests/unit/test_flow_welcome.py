import pytest

from bobby_core.engine.menu import menu_text
from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby


@pytest.mark.copy
async def test_welcome_says_what_bobby_cannot_do_and_where_to_find_help() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("0")
    assert "I'm Bobby" in reply
    assert "not a therapist" in reply
    assert "https://findahelpline.com" in reply


async def test_welcome_lists_every_exercise_from_the_catalogue_then_shows_the_menu() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("0")
    for step in ("hello", "how", "limits"):
        assert bobby.text("welcome", step) in reply
    listed = [f for f in bobby.registry.exercises() if f.id not in {"welcome", "recommender"}]
    assert len(listed) >= 7
    for flow in listed:
        assert bobby.flow_text("welcome", "exercise_line", title=flow.title,
                               description=flow.description, key=flow.menu_key) in reply
    tour_end = reply.index(bobby.text("welcome", "done"))
    assert menu_text(bobby.registry) in reply[tour_end:]
    assert not bobby.state().active
    [result] = bobby.results()
    assert (result.flow_id, result.flow_version, result.status) == (
        "welcome", 1, ResultStatus.FINISHED)


async def test_after_welcome_a_menu_number_starts_that_exercise() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("welcome")
    assert bobby.text("reflect", "event") in await bobby.say("2")
    assert bobby.state().root is not None
    assert bobby.state().root.flow_id == "reflect"  # type: ignore[union-attr]
