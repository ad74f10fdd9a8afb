"""Free text at every question (issue 26): closed questions read numbers, the words their options
show and everyday spellings; "I don't know" gets the question in other words once; a question
back gets the flow's short answer and the question again; a model maps what nothing matched."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_core.engine.answers import shown_words
from bobby_core.engine.parsing import is_not_sure, is_question, parse_days, parse_name, parse_yes_no
from bobby_core.engine.steps import Ask, FreeText
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import ConsentStatus
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import DownLanguageModel, RecordingLanguageModel
from tests.unit.test_reflect import walk_reflect

CHEER = ("7", "I have a job interview on Friday and I'm nervous")


@pytest.mark.parametrize(("text", "meant"), [("yeah", True), ("Yep!", True), ("sure", True),
                                             ("nope", False), ("nah", False), ("Nah thanks", False),
                                             ("ok but what do you store?", None)])
def test_everyday_yes_and_no(text: str, meant: bool | None) -> None:
    assert parse_yes_no(text) is meant


@pytest.mark.parametrize(("text", "days"), [("tomorrow", 1), ("Tomorrow!", 1), ("in a week", 7),
                                            ("a couple of days", 2), ("3", 3), ("three", 3),
                                            ("in 2 days", 2), ("soon", None)])
def test_days_in_words(text: str, days: int | None) -> None:
    assert parse_days(text) == days


def test_not_sure_question_back_and_names() -> None:
    assert all(is_not_sure(t) for t in ("idk", "I don't know", "not sure", "Dunno.", "no idea"))
    assert not is_not_sure("I don't know why he said that to me")
    assert is_question("what do you store exactly?")
    assert is_question("will my reminders go too")
    assert parse_name("Sam") == "Sam"
    assert parse_name("Mary Ann") == "Mary Ann"
    assert parse_name("I don't really have close friends tbh") is None
    assert parse_name("nobody") is None


def test_the_words_a_scale_shows_beside_its_numbers() -> None:
    assert shown_words("How do you feel?\n1 - worse\n3 - the same\n5 - better") == {
        1: "worse", 3: "the same", 5: "better"}


async def feel_after_in_cheerleader(bobby: Bobby) -> None:
    await bobby.consented()
    for text in (*CHEER, "Sam", "You've prepared well", "You'll be great", "nothing",
                 "I've prepared and I can do this"):
        await bobby.say(text)
    assert bobby.at() == ("cheerleader", "feel_after")


@pytest.mark.copy  # "better" is the word the shipped scale shows
async def test_a_scale_takes_the_word_its_option_shows() -> None:
    bobby = Bobby()
    await feel_after_in_cheerleader(bobby)
    await bobby.say("a bit better")
    [result] = bobby.results()
    assert result.feel_after == 5


@pytest.mark.copy
async def test_a_negated_scale_word_is_not_taken() -> None:
    bobby = Bobby()
    await feel_after_in_cheerleader(bobby)
    assert await bobby.say("not better") == bobby.hint("cheerleader", "feel_after")
    assert bobby.at() == ("cheerleader", "feel_after")


async def test_reflect_asks_idk_in_other_words_once_instead_of_taking_it_as_the_event() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    reply = await bobby.say("idk")
    assert bobby.at() == ("reflect", "event")
    event = bobby.registry.latest("reflect").step("event")
    assert isinstance(event, Ask)
    assert reply == event.rephrase
    assert await bobby.say("I don't know") == bobby.hint("reflect", "event")
    assert bobby.at() == ("reflect", "event")
    await bobby.say("My manager criticised my report today")
    assert bobby.at() == ("reflect", "belief_loop")
    assert bobby.state().variables["event"] == "My manager criticised my report today"


async def test_a_second_idk_at_a_closed_question_gets_what_it_takes() -> None:
    bobby = Bobby()
    await walk_reflect(bobby)
    rephrase = bobby.registry.latest("reminder_offer").step("want")
    assert isinstance(rephrase, Ask)
    assert await bobby.say("not sure") == rephrase.rephrase
    assert await bobby.say("idk") == bobby.hint("reminder_offer", "want")
    assert bobby.at() == ("reminder_offer", "want")


async def test_a_question_back_at_consent_gets_the_answer_and_the_question_again() -> None:
    bobby = Bobby()
    await bobby.say("hi")
    consent = bobby.registry.latest("consent").step("ask")
    assert isinstance(consent, Ask)
    reply = await bobby.say("what do you store exactly?")
    assert reply == f"{consent.explain}\n\n{consent.prompt}"
    assert bobby.user().consent is not ConsentStatus.GIVEN
    await bobby.say("ok")
    assert bobby.user().consent is ConsentStatus.GIVEN


async def test_a_question_back_at_delete_is_answered_and_nothing_is_deleted() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("delete my data")
    confirm = bobby.registry.latest("delete_data").step("confirm")
    assert isinstance(confirm, Ask)
    reply = await bobby.say("will my reminders go too?")
    assert confirm.explain in reply
    assert confirm.prompt in reply
    assert bobby.at() == ("delete_data", "confirm")
    await bobby.say("nope")
    assert bobby.user().consent is ConsentStatus.GIVEN


async def test_tomorrow_is_one_day_at_the_reminder_question() -> None:
    bobby = Bobby()
    await walk_reflect(bobby)
    await bobby.say("yeah")
    await bobby.say("tomorrow")
    assert bobby.at() == ("feedback", "ask")
    [reminder] = bobby.store.reminders.values()
    assert reminder.due_at - bobby.clock.now() < timedelta(days=2)


@dataclass
class MappingModel:
    """Maps a closed answer onto an option with its structured output, as a real model would."""

    meaning: str
    requests: list[ExtractRequest] = field(default_factory=list)
    offline: OfflineLanguageModel = field(default_factory=OfflineLanguageModel)

    @property
    def name(self) -> str:
        return "mapping"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        return await self.offline.converse(request)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        if [f.name for f in request.fields] == ["answer"]:
            self.requests.append(request)
            return ExtractReply(values={"answer": self.meaning})
        return await self.offline.extract(request)


async def test_the_model_maps_what_nothing_matched_onto_the_options() -> None:
    llm = MappingModel(meaning="option 1")
    bobby = Bobby(llm=llm)
    await walk_reflect(bobby)
    await bobby.say("go on then, why not remind me")
    assert bobby.at() == ("reminder_offer", "days")
    [request] = llm.requests
    assert request.text == "go on then, why not remind me"
    assert "1. yes" in request.instruction
    assert "2. no" in request.instruction
    assert request.fields[0].choices == ("option 1", "option 2", "question back", "none fits")


async def test_the_model_says_question_back() -> None:
    llm = MappingModel(meaning="question back")
    bobby = Bobby(llm=llm)
    await walk_reflect(bobby)
    want = bobby.registry.latest("reminder_offer").step("want")
    assert isinstance(want, Ask)
    assert want.explain in await bobby.say("hmm and that means")
    assert bobby.at() == ("reminder_offer", "want")


async def test_offline_or_down_the_question_says_kindly_what_it_takes() -> None:
    for llm in (OfflineLanguageModel(), DownLanguageModel(down=False)):
        bobby = Bobby(llm=llm)
        await walk_reflect(bobby)
        if isinstance(llm, DownLanguageModel):
            llm.down = True
        assert await bobby.say("perhaps, let me think") == bobby.hint("reminder_offer", "want")
        assert bobby.at() == ("reminder_offer", "want")


async def test_nothing_reaches_a_model_before_consent() -> None:
    llm = RecordingLanguageModel()
    bobby = Bobby(llm=llm)
    await bobby.say("hi")
    await bobby.say("perhaps, let me think")
    assert not llm.extract_requests


async def at_the_recommenders_pick(bobby: Bobby) -> None:
    await bobby.consented()
    await bobby.say("5")
    await bobby.say("I feel exhausted and drained after every shift")
    assert bobby.at() == ("recommender", "pick")


async def test_help_me_choose_understands_no() -> None:
    bobby = Bobby()
    await at_the_recommenders_pick(bobby)
    reply = await bobby.say("no")
    assert bobby.text("recommender", "declined") in reply
    assert bobby.hint("recommender", "pick") not in reply
    assert not bobby.state().active
    assert bobby.saved("recommender")["picked"] == "declined"


async def test_help_me_choose_answers_a_question_back_and_asks_again() -> None:
    bobby = Bobby()
    await at_the_recommenders_pick(bobby)
    reply = await bobby.say("why that one?")
    pick = bobby.registry.latest("recommender").step("pick")
    assert isinstance(pick, Ask)
    assert bobby.hint("recommender", "pick") not in reply
    assert bobby.text("recommender", "pick") in reply
    assert bobby.at() == ("recommender", "pick")
    await bobby.say("yep")
    assert bobby.at() == ("burnout", "item_01")


async def test_cheerleader_takes_no_sentence_as_the_friends_name() -> None:
    bobby = Bobby()
    await bobby.consented()
    for text in CHEER:
        await bobby.say(text)
    reply = await bobby.say("I don't really have close friends tbh")
    assert reply == bobby.hint("cheerleader", "friend")
    assert bobby.at() == ("cheerleader", "friend")
    assert "friend" not in bobby.state().variables
    await bobby.say("Sam")
    assert bobby.state().variables["friend"] == "Sam"
    assert bobby.at() == ("cheerleader", "cheer_loop")


async def test_a_burnout_item_answers_a_question_back_and_idk_without_counting_them() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("4")
    item = bobby.registry.latest("burnout").step("item_01")
    assert isinstance(item, Ask)
    assert await bobby.say("what does mentally exhausted mean?") == f"{item.explain}\n\n{item.prompt}"
    assert await bobby.say("idk") == item.rephrase
    assert bobby.at() == ("burnout", "item_01")
    await bobby.say("often")
    assert bobby.at() == ("burnout", "item_02")


def test_every_exercises_closed_question_has_its_own_answer_to_a_question_back() -> None:
    registry = Bobby().registry
    missing = [(f.id, s.id) for f in registry.all_latest() for s in f.steps
               if isinstance(s, Ask) and not isinstance(s.expect, FreeText)
               and not s.explain and f.id not in {"boundaries", "opt_out"}]
    assert missing == []


async def test_idk_at_the_optional_feedback_skips_it_without_asking_again() -> None:
    bobby = Bobby()
    await walk_reflect(bobby)
    await bobby.say("no")
    assert bobby.at() == ("feedback", "ask")
    await bobby.say("idk")
    assert not bobby.state().active
    assert not bobby.store.feedback


@pytest.mark.parametrize(("text", "meant"), [("carry on", True), ("continue", True),
                                             ("I'm good", False), ("leave it", False)])
def test_what_people_say_to_carry_on_or_not(text: str, meant: bool) -> None:
    assert parse_yes_no(text) is meant
