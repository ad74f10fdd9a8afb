"""What a new user meets (issue 17): no stale questions, no loops going backwards, an offline
model that varies and listens, and the recommender that knows every exercise."""

from __future__ import annotations

import re

from bobby_adapters.offline_llm import OfflineLanguageModel, quote
from bobby_core.llm import ConverseRequest
from bobby_core.model import ChatTurn, Role
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import NeverDoneLanguageModel


async def to_the_reminder_question(bobby: Bobby) -> None:
    await bobby.consented()
    await bobby.say("4")
    for _ in range(11):
        await bobby.say("3")
    assert bobby.text("reminder_offer", "want") in await bobby.say("3")


async def test_declining_after_a_crisis_at_the_reminder_question_does_not_ask_it_again() -> None:
    bobby = Bobby()
    await to_the_reminder_question(bobby)
    await bobby.say("I want to kill myself")
    replies = await bobby.say("no")
    assert bobby.text("reminder_offer", "want") not in replies
    assert bobby.texts.menu_header in replies
    assert not bobby.state().active


async def test_deleting_in_the_middle_of_a_model_loop_sends_only_the_confirmation() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("3")
    reply = await bobby.say("My team is being restructured")
    assert bobby.question("release_focus", "control_loop", 1) in reply
    await bobby.say("delete my data")
    bobby.messenger.sent.clear()
    replies = (await bobby.send("yes")).replies
    assert [r.body for r in replies] == [s.body for s in bobby.messenger.sent]
    assert len(replies) == 1
    assert replies[0].body == bobby.text("delete_data", "erased")


async def test_a_loop_at_its_turn_limit_closes_without_a_question_nobody_waits_for() -> None:
    bobby = Bobby(llm=NeverDoneLanguageModel())
    await bobby.consented()
    await bobby.say("6")
    await bobby.say("Finish the report")
    for n in range(6):
        assert "what then?" in await bobby.say(f"answer {n}")
    closing = await bobby.say("answer 6")  # the seventh answer: SMART goal's max_turns
    assert "what then?" not in closing
    assert bobby.closing("smart_goal", "smart_loop") in closing
    summary = bobby.saved("smart_goal")["goal_summary"]
    assert bobby.text("smart_goal", "summary", goal_summary=summary) in closing
    talk = bobby.state().variables.get("smart_talk") or bobby.results()[0].fields["smart_talk"]
    assert not talk[-1]["content"].endswith("?")


async def to_release_focus_loop(bobby: Bobby) -> None:
    await bobby.consented()
    await bobby.say("3")
    reply = await bobby.say("My team is being restructured")
    assert bobby.question("release_focus", "control_loop", 1) in reply


async def test_done_like_answers_end_the_part_and_the_loop_never_goes_backwards() -> None:
    bobby = Bobby()
    await to_release_focus_loop(bobby)
    assert bobby.question("release_focus", "control_loop", 2) in await bobby.say("The restructure itself")
    # "That's it." ends the outside-control part: on to what the user can influence.
    assert bobby.question("release_focus", "control_loop", 3) in await bobby.say("That's it.")
    assert bobby.question("release_focus", "control_loop", 4) in await bobby.say("Update my CV")
    reply = await bobby.say("I'm done")
    assert bobby.text("release_focus", "clarity") in reply
    assert bobby.question("release_focus", "control_loop", 1) not in reply


async def test_a_string_of_short_answers_moves_forward_every_time() -> None:
    # "nothing" closes a part (its "what else" question is skipped), "no" ends the last one.
    model = OfflineLanguageModel()
    parts = ("What is outside your control?", "What else can't you control?",
             "What is within your control?", "What else is up to you?")
    first = await model.converse(request("nothing", questions=parts))
    assert first.text.endswith(parts[2])
    second = await model.converse(request("nothing", "no", questions=parts))
    assert second.done
    assert not any(parts[0] in reply.text for reply in (first, second))


async def test_hello_in_the_middle_of_an_exercise_asks_before_dropping_it() -> None:
    bobby = Bobby()
    await to_release_focus_loop(bobby)
    reply = await bobby.say("hi")
    assert bobby.text("resume_check", "resume") in reply
    assert bobby.at() == ("resume_check", "resume")
    assert bobby.question("release_focus", "control_loop", 1) in await bobby.say("yes")
    assert bobby.question("release_focus", "control_loop", 2) in await bobby.say("The restructure itself")


async def test_hello_then_no_goes_to_the_menu_and_closes_the_exercise() -> None:
    bobby = Bobby()
    await to_release_focus_loop(bobby)
    await bobby.say("hey")
    assert bobby.texts.menu_header in await bobby.say("no")
    assert not bobby.state().active
    assert [r.status.value for r in bobby.results()] == ["abandoned"]


async def test_menu_still_leaves_at_once_and_hello_when_idle_shows_the_menu() -> None:
    bobby = Bobby()
    await to_release_focus_loop(bobby)
    assert bobby.texts.menu_header in await bobby.say("menu")
    assert bobby.texts.menu_header in await bobby.say("hello")


async def test_help_repeats_the_question_that_waits() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("quiz")
    reply = await bobby.say("help")
    assert bobby.said("help") in reply
    assert bobby.text("burnout", "item_01") in reply
    assert bobby.text("burnout", "item_02") in await bobby.say("3")


async def test_help_in_a_model_loop_repeats_the_models_question() -> None:
    bobby = Bobby()
    await to_release_focus_loop(bobby)
    assert bobby.question("release_focus", "control_loop", 1) in await bobby.say("help")


def request(*said: str, questions: tuple[str, ...] = ("What happened?", "What else?"),
            system: str = "coach") -> ConverseRequest:
    history: list[ChatTurn] = [ChatTurn(role=Role.ASSISTANT, content=questions[0])]
    for text in said:
        history += [ChatTurn(role=Role.USER, content=text),
                    ChatTurn(role=Role.ASSISTANT, content="…")]
    return ConverseRequest(system_prompt=system, history=tuple(history[:-1]) if said else (),
                           guide_questions=questions, closing="Thanks.",
                           user_turns=len(said), min_turns=1, max_turns=6)


QUESTIONS = ("What is one part of this that's outside your control?",
             "What else about it can't you control?",
             "What is one thing within your control here?",
             "Why does this matter to you?")


async def test_the_offline_model_varies_its_openings_between_conversations() -> None:
    model = OfflineLanguageModel()
    openings = set()
    for n in range(12):
        reply = await model.converse(request(f"My manager moved the deadline again ({n})",
                                             questions=QUESTIONS))
        assert reply.text.endswith(QUESTIONS[1])
        # The user's own words (when quoted) do not count as variety.
        openings.add(re.sub("\u201c.*?\u201d", "", reply.text.removesuffix(QUESTIONS[1])))
    assert len(openings) >= 3
    again = await model.converse(request("My manager moved the deadline again (3)",
                                         questions=QUESTIONS))
    assert again.text == (await model.converse(request(
        "My manager moved the deadline again (3)", questions=QUESTIONS))).text


async def test_the_offline_model_mostly_does_not_parrot_the_user() -> None:
    model = OfflineLanguageModel()
    replies = [(await model.converse(request(f"Things at work keep piling up, day {n}",
                                             questions=QUESTIONS))).text for n in range(30)]
    parroted = sum("\u201c" in r for r in replies)
    assert 0 < parroted <= 15
    assert not any(".." in r or ".\u201d." in r or "\u201d.." in r for r in replies)


def test_a_quote_is_cut_at_a_word_and_drops_its_own_full_stop() -> None:
    long = "I keep replaying the meeting where my manager criticised the whole plan in front of everyone."
    cut = quote(long)
    assert cut.endswith("\u2026")
    assert long.startswith(cut.removesuffix("\u2026"))
    assert long[len(cut) - 1] == " "  # the cut fell between two words
    assert quote("It went badly.") == "It went badly"


async def test_i_dont_know_gets_other_words_once_then_the_talk_moves_on() -> None:
    model = OfflineLanguageModel()
    first = await model.converse(request("I don't know", questions=QUESTIONS))
    assert QUESTIONS[0] not in first.text
    assert "outside your control" in first.text
    second = await model.converse(request("I don't know", "no idea", questions=QUESTIONS))
    assert "within your control" in second.text  # past the part, never the same question again


async def test_short_real_answers_count_as_answers() -> None:
    model = OfflineLanguageModel()
    for short in ("My boss", "Money", "yes", "Sam"):
        reply = await model.converse(request(short, questions=QUESTIONS))
        assert reply.text.endswith(QUESTIONS[1]), short


async def test_the_recommender_suggests_boundaries_for_a_people_pleaser() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("I keep saying yes to everyone")
    assert bobby.state().variables["recommended"] == "boundaries"
    boundaries = bobby.registry.latest("boundaries")
    assert f"*{boundaries.title}*" in reply
    assert bobby.flow_text("recommender", "exercise_line", key="8", title=boundaries.title) in reply
    await bobby.say("yes")
    assert bobby.path()[0][0] == "boundaries"
    root = bobby.state().root
    assert root is not None
    assert root.flow_id == "boundaries"


async def test_the_recommender_takes_8_or_boundaries_or_the_welcome() -> None:
    for pick, flow_id in (("8", "boundaries"), ("boundaries", "boundaries"), ("0", "welcome")):
        bobby = Bobby()
        await bobby.consented()
        await bobby.say("5")
        await bobby.say("I feel a bit flat today")
        await bobby.say(pick)
        state = bobby.state()
        started = state.root.flow_id if state.root else bobby.results()[-1].flow_id
        assert started == flow_id, pick


async def test_journaling_not_sure_gets_the_prompt_reframed_not_repeated() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("1")
    prompt = (await bobby.say("1")).split("\n\n")[1]
    again = await bobby.say("I don't know")
    reframed = again.split("\n\n")[1]
    assert reframed != prompt
    assert reframed.endswith(prompt)  # the same ask, about one recent moment
    assert "one" in reframed.removesuffix(prompt)


async def test_a_question_with_its_own_remark_gets_no_second_one() -> None:
    questions = ("What would you say to cheer Sam on?", "That's kind. What else would Sam hear?")
    reply = await OfflineLanguageModel().converse(request("You've got this", questions=questions))
    assert reply.text == questions[1]
