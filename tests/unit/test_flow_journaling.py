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
        if "keep going" in reply:
            reply = await bobby.say("no")
        if "from 1 to 5" in reply:
            break
    else:
        raise AssertionError("the session never reached the rating")
    reply = await bobby.say(rating)
    await bobby.say("no")
    await bobby.say("skip")
    bobby.clock.advance(timedelta(days=1))
    return reply


async def start_series(bobby: Bobby, words: str = "7") -> str:
    await bobby.consented()
    assert "16. Gratitude" in await bobby.say("1")
    return await bobby.say(words)


def journaling(bobby: Bobby) -> list[dict[str, object]]:
    return [r.fields for r in bobby.results() if r.flow_id == "journaling"]


async def test_a_whole_session_from_the_menu_saves_topic_prompt_entry_and_rating() -> None:
    bobby = Bobby()
    reply = await start_series(bobby, "I keep scrolling instagram and feel worse after")
    assert "focus on *Social Media*" in reply
    assert "session 1 of 7" in reply
    assert "How do you usually feel after scrolling" in reply
    assert "Which accounts or apps" in await bobby.say("I feel worse than everyone else")
    reply = await bobby.say("The ones that show perfect lives")
    assert "What might you change about what you see?" in reply
    assert "from 1 to 5" in await bobby.say("I could mute a few of them")
    assert "Well done" in await bobby.say("4")
    [result] = bobby.results()
    assert (result.status, result.feel_after) == (ResultStatus.FINISHED, 4)
    assert result.fields["topic"] == "Social Media"
    assert result.fields["prompt_index"] == 0
    assert result.fields["mode"] == "series"
    assert result.fields["entry"] == "I feel worse than everyone else"
    followups = result.fields["followups"]
    assert isinstance(followups, list)
    assert [t["role"] for t in followups].count("user") == 2


@pytest.mark.parametrize(("rating", "expected", "not_expected"), [
    ("5", "Well done", "isn't for everyone"),
    ("3", "can feel tricky", "Well done"),
    ("2", "isn't for everyone", "Well done"),
    ("1", "isn't for everyone", "can feel tricky"),
])
async def test_the_reply_to_the_rating_matches_the_rating(
        rating: str, expected: str, not_expected: str) -> None:
    bobby = Bobby()
    await start_series(bobby)
    reply = await finish(bobby, rating)
    assert expected in reply
    assert not_expected not in reply


async def test_the_series_continues_next_time_and_free_style_does_not_reset_it() -> None:
    bobby = Bobby()
    await start_series(bobby, "7")
    await bobby.say(ANSWER)
    await finish(bobby)
    reply = await bobby.say("journal")
    assert "session 2 of 7 in your *Social Media* series" in reply
    assert "When do you reach for your phone" in reply
    assert "Free style it is" in await bobby.say("free style")
    await bobby.say(ANSWER)
    await finish(bobby)
    reply = await bobby.say("journal")
    assert "session 2 of 7" in reply
    await bobby.say(ANSWER)
    await finish(bobby)
    assert "session 3 of 7" in await bobby.say("journal")
    modes = [(f["mode"], f["topic"], f["prompt_index"]) for f in journaling(bobby)]
    assert modes == [("series", "Social Media", 0), ("free_style", None, None),
                     ("series", "Social Media", 1)]


async def test_after_seven_sessions_a_new_topic_is_chosen() -> None:
    bobby = Bobby()
    await start_series(bobby, "16")
    for session in range(1, 8):
        if session > 1:
            assert f"session {session} of 7" in await bobby.say("journal")
        await bobby.say(ANSWER)
        await finish(bobby)
    reply = await bobby.say("journal")
    assert "finished all 7 prompts of the *Gratitude* series" in reply
    assert "16. Gratitude" in reply
    assert [f["prompt_index"] for f in journaling(bobby)] == list(range(7))


async def test_change_topic_at_the_prompt_goes_back_to_choosing() -> None:
    bobby = Bobby()
    await start_series(bobby, "5")
    reply = await bobby.say("Change topic")
    assert "let's change topic" in reply
    assert "16. Gratitude" in reply
    assert "focus on *Time Management*" in await bobby.say("14")


async def test_i_dont_know_at_the_prompt_gets_it_reframed() -> None:
    bobby = Bobby()
    await start_series(bobby, "3")
    reply = await bobby.say("I don't know")
    assert "Let me put it another way" in reply
    assert "What happened today that made it feel hard?" in reply
    assert "weighing on you" in await bobby.say("My train was late and I missed a meeting")
    assert bobby.state().variables["entry"] == "My train was late and I missed a meeting"


async def test_i_dont_know_during_follow_ups_gets_the_question_asked_another_way() -> None:
    bobby = Bobby()
    await start_series(bobby, "3")
    assert "weighing on you" in await bobby.say("Everything went wrong at work today")
    reply = await bobby.say("not sure")
    assert "no right answer" in reply
    assert "weighing on you" in reply


async def test_with_a_fourth_follow_up_the_user_is_asked_whether_to_keep_going() -> None:
    bobby = Bobby()
    assert "focus on *Self-Care*" in await start_series(bobby, "1")
    await bobby.say("Sleeping well, walking and cooking a proper meal")
    await bobby.say("I walked twice this week at lunch")
    await bobby.say("Late work calls eat my evenings")
    assert "keep going" in await bobby.say("I could cook something simple tomorrow")
    assert "remind yourself" in await bobby.say("yes")
    assert "from 1 to 5" in await bobby.say("A note on the fridge would help me")
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
    assert f"focus on *{topic}*" in await start_series(bobby, words)


async def test_an_unclear_topic_asks_for_a_number_and_free_style_still_works() -> None:
    bobby = Bobby()
    assert "Which number" in await start_series(bobby, "hmm something else entirely")
    assert "between" not in await bobby.say("99")
    assert "Free style it is" in await bobby.say("free style")


async def test_start_journaling_is_a_deep_link() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("2")
    assert "16. Gratitude" in await bobby.say("Start Journaling")
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
    assert "from 1 to 5" in await bobby.say("I could mute a few of them")
    bobby.clock.advance(timedelta(hours=2))
    assert "closed our last exercise" in await bobby.say("hi")
    [result] = bobby.results()
    assert result.status is ResultStatus.ABANDONED
    assert result.fields["entry"] == "I feel worse than everyone else"
    assert result.fields["followups_done"] is True
    assert "session 2 of 7" in await bobby.say("journal")


async def test_leaving_before_the_follow_ups_are_done_repeats_the_prompt_next_time() -> None:
    bobby = Bobby()
    await start_series(bobby, "7")
    await bobby.say("I feel worse than everyone else")
    await bobby.say("menu")
    [result] = bobby.results()
    assert (result.status, result.fields["followups_done"]) == (ResultStatus.ABANDONED, False)
    reply = await bobby.say("journal")
    assert "session 1 of 7 in your *Social Media* series" in reply
    assert "How do you usually feel after scrolling" in reply
