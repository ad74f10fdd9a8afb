from datetime import timedelta

import pytest

from bobby_core.flows.journaling.topics import SERIES, TOPICS
from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby

ANSWER = "This is an honest answer with enough words"


async def finish(bobby: Bobby, rating: str = "4") -> str:
    """Answer follow-ups (declining extra ones) up to the rating; rate; skip the extras."""
    for _ in range(8):
        reply = await bobby.say(ANSWER)
        if bobby.at() == ("journaling", "keep_going"):
            reply = await bobby.say("no")
        if bobby.at() == ("journaling", "rate"):
            break
    else:
        raise AssertionError("the session never reached the rating")
    reply = await bobby.say(rating)
    await bobby.say("no")
    await bobby.say("skip")
    bobby.clock.advance(timedelta(days=1))
    return reply


def topic_list(bobby: Bobby) -> str:
    """The numbered topics, as the pick step lists them."""
    return "\n".join(bobby.flow_text("journaling", "topic_line", number=n, topic=topic)
                     for n, topic in enumerate(TOPICS, start=1))


def prompt(topic: str, index: int) -> str:
    return SERIES[topic][index].text


def follow_up(topic: str, index: int, number: int) -> str:
    return SERIES[topic][index].follow_ups[number - 1]


def session(bobby: Bobby, topic: str, number: int) -> str:
    """The start of a session of a series: the welcome back (the same words as the flow's)."""
    return bobby.flow_text("journaling", "intro_back", topic=topic, session=number, length=7)


async def start_series(bobby: Bobby, words: str = "7") -> str:
    """Pick a topic by `words` (own words get a suggestion first, which is taken)."""
    await bobby.consented()
    assert topic_list(bobby) in await bobby.say("1")
    assert bobby.at() == ("journaling", "pick")
    reply = await bobby.say(words)
    if bobby.at() == ("journaling", "suggest_topic"):
        reply = await bobby.say("yes")
    return reply


def announced(bobby: Bobby, topic: str) -> str:
    return bobby.text("journaling", "announce", topic=topic)


def journaling(bobby: Bobby) -> list[dict[str, object]]:
    return [r.fields for r in bobby.results() if r.flow_id == "journaling"]


async def test_a_whole_session_from_the_menu_saves_topic_prompt_entry_and_rating() -> None:
    bobby = Bobby()
    reply = await start_series(bobby, "I keep scrolling instagram and feel worse after")
    assert announced(bobby, "Social Media") in reply
    assert bobby.state().variables["journal_session"] == 1
    assert prompt("Social Media", 0) in reply
    reply = await bobby.say("I feel worse than everyone else")
    assert follow_up("Social Media", 0, 1) in reply
    reply = await bobby.say("The ones that show perfect lives")
    assert follow_up("Social Media", 0, 2) in reply
    await bobby.say("I could mute a few of them")
    assert bobby.at() == ("journaling", "rate")
    assert bobby.text("journaling", "liked") in await bobby.say("4")
    [result] = bobby.results()
    assert (result.status, result.feel_after) == (ResultStatus.FINISHED, 4)
    assert result.fields["topic"] == "Social Media"
    assert result.fields["prompt_index"] == 0
    assert result.fields["mode"] == "series"
    assert result.fields["entry"] == "I feel worse than everyone else"
    followups = result.fields["followups"]
    assert isinstance(followups, list)
    assert [t["role"] for t in followups].count("user") == 2


@pytest.mark.parametrize(("rating", "expected"), [
    ("5", "liked"), ("4", "liked"), ("3", "so_so"), ("2", "not_for_me"), ("1", "not_for_me"),
])
async def test_the_reply_to_the_rating_matches_the_rating(rating: str, expected: str) -> None:
    bobby = Bobby()
    await start_series(bobby)
    reply = await finish(bobby, rating)
    for step in ("liked", "so_so", "not_for_me"):
        assert (bobby.text("journaling", step) in reply) is (step == expected), step


async def test_the_series_continues_next_time_and_free_style_does_not_reset_it() -> None:
    bobby = Bobby()
    await start_series(bobby, "7")
    await bobby.say(ANSWER)
    await finish(bobby)
    reply = await bobby.say("journal")
    assert session(bobby, "Social Media", 2) in reply
    assert prompt("Social Media", 1) in reply
    await bobby.say("free style")
    assert bobby.at() == ("journaling", "free_entry")
    await bobby.say(ANSWER)
    await finish(bobby)
    assert session(bobby, "Social Media", 2) in await bobby.say("journal")
    await bobby.say(ANSWER)
    await finish(bobby)
    assert session(bobby, "Social Media", 3) in await bobby.say("journal")
    modes = [(f["mode"], f["topic"], f["prompt_index"]) for f in journaling(bobby)]
    assert modes == [("series", "Social Media", 0), ("free_style", None, None),
                     ("series", "Social Media", 1)]


async def test_after_seven_sessions_a_new_topic_is_chosen() -> None:
    bobby = Bobby()
    await start_series(bobby, "16")
    for session in range(1, 8):
        if session > 1:
            reply = await bobby.say("journal")
            assert bobby.state().variables["journal_session"] == session
            assert bobby.text("journaling", "entry") in reply
        await bobby.say(ANSWER)
        await finish(bobby)
    reply = await bobby.say("journal")
    assert bobby.flow_text("journaling", "intro_finished", topic="Gratitude", length=7) in reply
    assert topic_list(bobby) in reply
    assert bobby.at() == ("journaling", "pick")
    assert [f["prompt_index"] for f in journaling(bobby)] == list(range(7))


async def test_change_topic_at_the_prompt_goes_back_to_choosing() -> None:
    bobby = Bobby()
    await start_series(bobby, "5")
    reply = await bobby.say("Change topic")
    assert bobby.text("journaling", "change") in reply
    assert topic_list(bobby) in reply
    assert announced(bobby, "Time Management") in await bobby.say("14")


async def test_i_dont_know_at_the_prompt_gets_it_reframed() -> None:
    bobby = Bobby()
    await start_series(bobby, "3")
    reply = await bobby.say("I don't know")
    assert bobby.at() == ("journaling", "entry_again")
    assert "What happened today that made it feel hard?" in reply  # the prompt, reframed
    reply = await bobby.say("My train was late and I missed a meeting")
    assert follow_up("Having a Bad Day", 0, 1) in reply
    assert bobby.state().variables["entry"] == "My train was late and I missed a meeting"


async def test_i_dont_know_during_follow_ups_gets_the_question_asked_another_way() -> None:
    bobby = Bobby()
    await start_series(bobby, "3")
    question = follow_up("Having a Bad Day", 0, 1)
    assert question in await bobby.say("Everything went wrong at work today")
    reply = await bobby.say("not sure")
    assert bobby.at() == ("journaling", "followups")
    assert question[1:] in reply  # asked again, in other words around it


async def test_with_a_fourth_follow_up_the_user_is_asked_whether_to_keep_going() -> None:
    bobby = Bobby()
    assert announced(bobby, "Self-Care") in await start_series(bobby, "1")
    await bobby.say("Sleeping well, walking and cooking a proper meal")
    await bobby.say("I walked twice this week at lunch")
    await bobby.say("Late work calls eat my evenings")
    await bobby.say("I could cook something simple tomorrow")
    assert bobby.at() == ("journaling", "keep_going")
    assert follow_up("Self-Care", 0, 4) in await bobby.say("yes")
    await bobby.say("A note on the fridge would help me")
    assert bobby.at() == ("journaling", "rate")
    await bobby.say("5")
    [fields] = journaling(bobby)
    more = fields["more_followups"]
    assert isinstance(more, list)
    assert more[-2]["content"] == "A note on the fridge would help me"


@pytest.mark.parametrize(("words", "topic"), [
    ("I want to work on prioritizing self-care", "Prioritizing Self-Care"),
    ("I need more self-care in my life", "Self-Care"),
    ("Some self-reflection please", "Self-Reflection"),
    ("My boss and colleagues drive me mad", "Workplace Challenges"),
    ("8", "Prioritizing Self-Care"),
])
async def test_the_model_matches_what_the_user_says_to_a_topic(words: str, topic: str) -> None:
    bobby = Bobby()
    assert announced(bobby, topic) in await start_series(bobby, words)
    assert bobby.state().variables["topic"] == topic


async def test_an_unclear_topic_asks_for_a_number_and_free_style_still_works() -> None:
    bobby = Bobby()
    await start_series(bobby, "hmm something else entirely")
    assert bobby.at() == ("journaling", "pick_number")
    assert topic_list(bobby) in await bobby.say("99")  # asked again, with the list
    assert bobby.at() == ("journaling", "pick_number")
    await bobby.say("free style")
    assert bobby.at() == ("journaling", "free_entry")


async def test_start_journaling_is_a_deep_link() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    assert topic_list(bobby) in await bobby.say("Start Journaling")
    root = bobby.state().root
    assert root is not None
    assert root.flow_id == "journaling"


def test_sixteen_series_of_seven_prompts_with_two_to_four_follow_ups() -> None:
    assert len(TOPICS) == 16
    assert "Parental Expectations" not in TOPICS
    for prompts in SERIES.values():
        assert len(prompts) == 7
        for prompt in prompts:
            assert 2 <= len(prompt.follow_ups) <= 4, prompt.text
            assert prompt.text.endswith((".", "?"))


async def test_leaving_at_the_rating_keeps_the_entry_and_still_moves_the_series_on() -> None:
    bobby = Bobby()
    await start_series(bobby, "7")
    await bobby.say("I feel worse than everyone else")
    await bobby.say("The ones that show perfect lives")
    await bobby.say("I could mute a few of them")
    assert bobby.at() == ("journaling", "rate")
    bobby.clock.advance(timedelta(hours=2))
    assert bobby.said("idle_closed") in await bobby.say("hi")
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED
    assert result.fields["entry"] == "I feel worse than everyone else"
    assert result.fields["followups_done"] is True
    assert session(bobby, "Social Media", 2) in await bobby.say("journal")


async def test_leaving_before_the_follow_ups_are_done_repeats_the_prompt_next_time() -> None:
    bobby = Bobby()
    await start_series(bobby, "7")
    await bobby.say("I feel worse than everyone else")
    await bobby.say("menu")
    [result] = bobby.results()
    assert (result.status, result.fields["followups_done"]) == (ResultStatus.ABANDONED, False)
    reply = await bobby.say("journal")
    assert session(bobby, "Social Media", 1) in reply
    assert prompt("Social Media", 0) in reply


async def test_own_words_get_a_suggestion_to_confirm_before_a_series_starts() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("1")
    reply = await bobby.say("I keep scrolling instagram and feel worse after")
    assert bobby.at() == ("journaling", "suggest_topic")
    assert bobby.text("journaling", "suggest_topic", topic_choice="Social Media") in reply
    assert "topic" not in bobby.state().variables or bobby.state().variables["topic"] is None
    reply = await bobby.say("no")
    assert bobby.at() == ("journaling", "pick_number")
    assert topic_list(bobby) in reply
    await bobby.say("12")
    assert bobby.state().variables["topic"] == "Communication Skills"


async def test_own_words_work_on_every_try_not_only_the_first() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("1")
    await bobby.say("hmm something else entirely")
    assert bobby.at() == ("journaling", "pick_number")
    await bobby.say("still nothing comes to mind really")
    assert bobby.at() == ("journaling", "pick_number")
    await bobby.say("My boss and colleagues drive me mad")
    assert bobby.at() == ("journaling", "suggest_topic")
    assert announced(bobby, "Workplace Challenges") in await bobby.say("yeah")
    assert bobby.state().variables["topic"] == "Workplace Challenges"


async def test_unsure_twice_at_the_topic_writes_free_style_instead_of_looping() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("1")
    await bobby.say("idk")
    assert bobby.at() == ("journaling", "pick")
    await bobby.say("not sure")
    assert bobby.at() == ("journaling", "free_entry")
    assert bobby.state().variables["topic"] is None
