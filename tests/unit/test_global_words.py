import pytest

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.global_words import GlobalWord, global_word
from bobby_core.flows import SYSTEM_FLOWS, reflect
from bobby_core.model import ConsentStatus, ResultStatus
from tests.unit.harness import Bobby


@pytest.mark.parametrize(("text", "word"), [
    ("Hi", GlobalWord.MENU), ("hello!", GlobalWord.MENU), ("MENU", GlobalWord.MENU),
    ("help", GlobalWord.HELP), ("Stop", GlobalWord.STOP), ("START", GlobalWord.START),
    ("Delete my data.", GlobalWord.DELETE), ("I want to stop feeling like this", None),
    ("hi there, my week was awful", None),
])
def test_global_words_are_whole_messages(text: str, word: GlobalWord | None) -> None:
    assert global_word(text) is word


async def test_menu_mid_exercise_abandons_it_and_records_the_step() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("A difficult meeting with my team")
    assert bobby.texts.menu_header in await bobby.say("menu")
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED
    assert result.abandoned_at_step == "belief_loop"
    assert not bobby.state().active


async def test_help_keeps_the_exercise_where_it_was() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    before = bobby.state().top
    reply = await bobby.say("help")
    assert bobby.said("help") in reply
    assert bobby.said("help_carry_on") in reply
    assert bobby.state().top == before


async def test_stop_confirmed_opts_out_until_start() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    assert bobby.text("opt_out", "confirm") in await bobby.say("stop")
    assert bobby.text("opt_out", "stopped") in await bobby.say("yes")
    assert bobby.user().opted_out
    assert bobby.results()[0].status is ResultStatus.ABANDONED
    assert bobby.said("opted_out_notice") in await bobby.say("2")
    assert not bobby.state().active
    reply = await bobby.say("start")
    assert bobby.said("opted_in") in reply
    assert bobby.texts.menu_header in reply
    assert not bobby.user().opted_out


async def test_stop_declined_returns_to_the_exercise_question() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("stop")
    reply = await bobby.say("no")
    assert bobby.text("opt_out", "keep") in reply
    assert bobby.text("reflect", "event") in reply
    assert not bobby.user().opted_out
    top = bobby.state().top
    assert top is not None
    assert top.step_id == "event"


async def test_delete_my_data_confirmed_erases_everything() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("A hard week at work")
    await bobby.say("delete my data")
    assert bobby.text("delete_data", "erased") in await bobby.say("yes")
    assert bobby.store.users == {}
    assert bobby.store.messages == {}
    assert bobby.store.conversations == {}
    assert bobby.store.results == {}


async def test_delete_declined_keeps_everything() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("delete my data")
    assert bobby.text("delete_data", "keep") in await bobby.say("no")
    assert bobby.user().consent is ConsentStatus.GIVEN


async def test_unknown_text_at_the_menu_starts_the_recommender() -> None:
    bobby = Bobby()
    await bobby.consented()
    assert bobby.text("recommender", "feeling") in await bobby.say("banana")
    assert bobby.state().active


async def test_without_a_recommender_unknown_text_shows_the_menu_again() -> None:
    bobby = Bobby(registry=FlowRegistry((*SYSTEM_FLOWS, reflect.FLOW)))
    await bobby.consented()
    assert bobby.texts.menu_header in await bobby.say("banana")
    assert not bobby.state().active
