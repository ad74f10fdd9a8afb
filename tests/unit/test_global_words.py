from datetime import timedelta

import pytest

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.global_words import GlobalWord, global_word
from bobby_core.flows import SYSTEM_FLOWS, reflect
from bobby_core.model import ConsentStatus, Reminder, ReminderKind, ReminderStatus, ResultStatus
from tests.unit.harness import Bobby


@pytest.mark.parametrize(("text", "word"), [
    ("Hi", GlobalWord.MENU), ("hello!", GlobalWord.MENU), ("MENU", GlobalWord.MENU),
    ("help", GlobalWord.HELP), ("Stop", GlobalWord.STOP), ("START", GlobalWord.START),
    ("Delete my data.", GlobalWord.DELETE), ("I want to stop feeling like this", None),
    ("Cancel", GlobalWord.STOP), ("END!", GlobalWord.STOP), ("quit.", GlobalWord.STOP),
    ("exit", GlobalWord.MENU),
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


@pytest.mark.parametrize("word", ["STOP", "stop.", "Unsubscribe", "CANCEL!", "end", "Quit",
                                  "stop all"])
async def test_an_opt_out_word_alone_opts_out_at_once_and_says_what_stopped(word: str) -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    reply = await bobby.say(word)
    assert bobby.user().opted_out
    assert bobby.said("stopped_done") in reply
    assert bobby.said("stopped_exercise", title=bobby.registry.latest("reflect").title) in reply
    assert bobby.said("stopped_come_back") in reply
    assert bobby.text("opt_out", "confirm") not in reply
    assert bobby.results()[0].status is ResultStatus.ABANDONED
    assert not bobby.state().active
    assert bobby.said("opted_out_notice") in await bobby.say("2")
    reply = await bobby.say("start")
    assert bobby.said("opted_in") in reply
    assert bobby.said("opted_in_dropped") not in reply  # no reminder waited
    assert bobby.texts.menu_header in reply
    assert not bobby.user().opted_out


def _reminder(bobby: Bobby, kind: ReminderKind, flow_id: str, note: str | None = None) -> Reminder:
    now = bobby.clock.now()
    made = Reminder(id=f"rem-{kind}", user_id=bobby.user().id, kind=kind.value,
                    due_at=now + timedelta(days=1), created_at=now, flow_id=flow_id, note=note)
    bobby.store.reminders[made.id] = made
    return made


async def test_stop_names_the_reminders_and_the_journey_it_stopped_and_start_what_was_dropped(
        ) -> None:
    bobby = Bobby()
    await bobby.consented()
    custom = _reminder(bobby, ReminderKind.CUSTOM, "reflect")
    journey = _reminder(bobby, ReminderKind.BOUNDARIES_DAY, "boundaries", note="3")
    reflect = bobby.registry.latest("reflect").title
    reply = await bobby.say("stop")
    assert bobby.said("stopped_also") in reply
    assert bobby.said("stopped_reminder", exercise=reflect) in reply
    assert bobby.said("stopped_boundaries", day="3") in reply
    assert {bobby.store.reminders[r.id].status for r in (custom, journey)} == {
        ReminderStatus.CANCELLED}
    reply = await bobby.say("START")
    assert bobby.said("opted_in_dropped") in reply
    assert bobby.said("dropped_reminder", exercise=reflect) in reply
    assert bobby.said("dropped_boundaries", day="3") in reply


async def test_stop_in_a_sentence_about_the_messages_asks_first() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    assert bobby.text("opt_out", "confirm") in await bobby.say("please stop messaging me")
    assert not bobby.user().opted_out
    reply = await bobby.say("yes")
    assert bobby.said("stopped_done") in reply
    assert bobby.said("stopped_exercise", title=bobby.registry.latest("reflect").title) in reply
    assert bobby.user().opted_out
    assert not bobby.state().active


async def test_stop_asked_about_and_declined_returns_to_the_exercise_question() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("Can you stop the reminders?")
    reply = await bobby.say("no")
    assert bobby.text("opt_out", "keep") in reply
    assert bobby.text("reflect", "event") in reply
    assert not bobby.user().opted_out
    assert bobby.at() == ("reflect", "event")


async def test_stop_about_something_else_is_an_answer() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("I want to stop texting my ex")
    assert not bobby.user().opted_out
    assert bobby.state().variables["event"] == "I want to stop texting my ex"


@pytest.mark.parametrize("word", ["exit", "Exit.", "menu", "leave exercise"])
async def test_exit_leaves_the_exercise_without_opting_out(word: str) -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    assert bobby.texts.menu_header in await bobby.say(word)
    assert not bobby.user().opted_out
    assert not bobby.state().active
    assert bobby.results()[0].status is ResultStatus.ABANDONED


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
