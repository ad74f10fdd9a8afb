"""Walks through Reflect, Release and Focus, Journaling and the Burnout survey via the
prototype's Studio routes store the same results as the same answers given on WhatsApp; the
loops are done within their flows' turn limits against the offline model. The widgets' bodies
are printed as the prototype's flow exports print them (studio_widgets.AS_EXPORTED: histories
unfiltered, `topic_idx` unquoted), and every loop's done answer is sent with "Send & Wait for
Reply", as the exports send it."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
from injector import Injector
from litestar import Litestar
from litestar.testing import TestClient

from bobby_core.engine.flow import FlowRegistry
from bobby_core.engine.steps import LlmLoop
from bobby_core.flows.journaling.topics import TOPICS
from bobby_core.model import ExerciseResult
from tests.integration.http_support import say, sids, store_of, wire
from tests.integration.studio_widgets import EMPTY_HISTORY, ENV, StudioRun

pytestmark = pytest.mark.integration

STUDIO_PHONE, WHATSAPP_PHONE = "+447700900123", "+447700900456"
EVENT = "My manager criticised my report in front of everyone"
BELIEF = "I always mess things up and everyone can see it"
SOCRATIC = ["Maybe it's not always, I did well last month",
            "A friend would say one report doesn't define them",
            "Perhaps my manager was stressed too, that could also be true"]
CHALLENGE = "My team is being restructured and I might lose my role"
CONTROL = ["The company's decision is outside my control", "I can't control the economy either",
           "I can update my CV this week", "I can talk to my manager about options"]
ENTRY = "My oldest friend, because she stayed with me through a hard year"
FOLLOW_UPS = ["I send her voice notes and visit when I can", "She knows me without explaining",
              "That's all I can think of"]
BURNOUT = ["4", "5", "3", "2", "often", "1", "3", "4", "2", "3", "2", "4"]


def results_of(container: Injector, phone: str, flow_id: str) -> list[ExerciseResult]:
    store = store_of(container)
    [user] = [u for u in store.users.values() if u.phone == phone]
    return [r for r in store.results.values() if r.user_id == user.id and r.flow_id == flow_id]


def whatsapp_walk(client: TestClient[Litestar], container: Injector, menu_key: str,
                  answers: dict[str, list[str]], flow_id: str) -> ExerciseResult:
    """Consent, pick the exercise, then answer each step it waits at, until it saved."""
    sid = sids()
    for text in ("hi", "yes", menu_key):
        say(client, text, next(sid), WHATSAPP_PHONE)
    given: dict[str, int] = defaultdict(int)
    store = store_of(container)
    [user] = [u for u in store.users.values() if u.phone == WHATSAPP_PHONE]
    for _ in range(40):
        found = results_of(container, WHATSAPP_PHONE, flow_id)
        if found:
            return found[0]
        top = store.conversations[user.id].top
        assert top is not None
        replies = answers[top.step_id]
        say(client, replies[min(given[top.step_id], len(replies) - 1)], next(sid), WHATSAPP_PHONE)
        given[top.step_id] += 1
    raise AssertionError(f"{flow_id} saved nothing")


def limit(container: Injector, flow_id: str, step_id: str) -> int:
    step = container.get(FlowRegistry).latest(flow_id).step(step_id)
    assert isinstance(step, LlmLoop)
    return step.max_turns + 1  # the call that opens the loop, then one per reply


def same(studio: ExerciseResult, whatsapp: ExerciseResult) -> None:
    assert (studio.flow_id, studio.status, studio.feel_after) == (
        whatsapp.flow_id, whatsapp.status, whatsapp.feel_after)
    assert studio.fields == whatsapp.fields


def test_reflect_through_the_studio_routes_stores_what_whatsapp_stores() -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client, STUDIO_PHONE, exported=True)
        run.variables["flow_name"] = "reflect"
        run.call("/save_user_info")
        run.said("ask_event", EVENT)
        belief, calls = run.loop("/reflect/ask_for_belief_loop", [BELIEF])
        assert calls <= limit(container, "reflect", "belief_loop")
        # The flow sends the done answer with Send & Wait and keeps the reply as the belief:
        # it must ask for the belief (the closing line it said before left the user stuck).
        assert belief["question"].rstrip().endswith("?"), belief["question"]
        run.said("belief", BELIEF)
        run.variables.update(belief_history=belief["history"], user_belief=BELIEF)
        done, calls = run.loop("/reflect/distortion_loop", SOCRATIC)
        assert calls <= limit(container, "reflect", "socratic_loop")
        assert done["question"].rstrip().endswith("?")
        run.said("feel_after", "4")
        run.variables["error"] = "None"
        run.call("/save_abc_data")
        whatsapp = whatsapp_walk(client, container, "2", {
            "event": [EVENT], "belief_loop": [BELIEF], "socratic_loop": SOCRATIC,
            "feel_after": ["4"]}, "reflect")
    [studio] = results_of(container, STUDIO_PHONE, "reflect")
    same(studio, whatsapp)


def test_release_and_focus_through_the_studio_routes_stores_what_whatsapp_stores() -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client, STUDIO_PHONE, exported=True)
        run.said("ask_event", CHALLENGE)
        done, calls = run.loop("/sphere_of_influence/control_loop", CONTROL)
        assert calls <= limit(container, "release_focus", "control_loop")
        assert done["question"].rstrip().endswith("?")  # sent with Send & Wait, like every answer
        run.said("feel_after", "2")
        run.call("/sphere_of_influence/save_control_data")
        whatsapp = whatsapp_walk(client, container, "3", {
            "challenge": [CHALLENGE], "control_loop": CONTROL, "clarity": ["2"]}, "release_focus")
    [studio] = results_of(container, STUDIO_PHONE, "release_focus")
    same(studio, whatsapp)


def test_journaling_through_the_studio_routes_stores_what_whatsapp_stores_and_moves_on() -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client, STUDIO_PHONE, exported=True)
        run.variables.update(topic_history=EMPTY_HISTORY)
        first = run.call("/journaling/get_journal_prompt")
        assert first["select_new_topic"] is True
        assert (first["topic"], first["prompt"]) == (None, None)
        run.said("topic_intro", "")
        run.said("reply", "")
        asked = run.call("/journaling/ask_user_for_journaling_topic_loop")
        assert asked["is_done"] is False
        run.variables["topic_history"] = asked["history"]
        run.said("reply", "friendships")
        chosen = run.call("/journaling/ask_user_for_journaling_topic_loop")
        assert (chosen["is_done"], chosen["topic"], chosen["topic_idx"]) == (
            True, "Friendships", 0)
        run.variables.update(topic_history=chosen["history"], topic=chosen["topic"],
                             topic_idx=chosen["topic_idx"], prompt=chosen["prompt"],
                             follow_up_questions=chosen["follow_up_questions"])
        run.said("ask_event", ENTRY)
        done, calls = run.loop("/journaling/ask_follow_up_questions_loop", FOLLOW_UPS)
        assert calls <= limit(container, "journaling", "followups")
        assert done["question"].rstrip().endswith("?")  # sent with Send & Wait, like every answer
        run.said("feel_after", "5")
        run.call("/journaling/save_data")
        second = run.call("/journaling/get_journal_prompt")
        whatsapp = whatsapp_walk(client, container, "1", {
            "pick": ["friendships"], "entry": [ENTRY], "followups": FOLLOW_UPS,
            "rate": ["5"]}, "journaling")
    [studio] = results_of(container, STUDIO_PHONE, "journaling")
    same(studio, whatsapp)
    assert (second["select_new_topic"], second["topic"], second["topic_idx"]) == (
        False, "Friendships", 1)
    assert "session 2 of 7" in second["message"]
    assert second["prompt"]
    assert second["follow_up_questions"]


def announced(run: StudioRun) -> str:
    """What the exported Journaling flow says once the topic loop is done."""
    return ENV.from_string('we will focus on the topic of "{{flow.variables.topic}}"').render(
        **run.context)


def choose_topic(run: StudioRun, intro: str, replies: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The exported topic loop until done: each question, the reply; the done one too."""
    run.variables["topic_history"] = EMPTY_HISTORY
    run.said("topic_intro", intro)
    run.said("reply", "")
    asked: list[str] = []
    for reply in [*replies, "ok"]:
        answer = run.call("/journaling/ask_user_for_journaling_topic_loop")
        asked.append(answer["question"])
        run.variables["topic_history"] = answer["history"]
        if answer["is_done"]:
            run.variables.update(topic=answer["topic"], topic_idx=answer["topic_idx"],
                                 prompt=answer["prompt"],
                                 follow_up_questions=answer["follow_up_questions"])
            return answer, asked
        run.said("reply", reply)
    raise AssertionError("the topic loop was not done")


LIST_WORDS = re.compile(r"\d|\bnumber|\blist\b|free\s*style", re.IGNORECASE)


@pytest.mark.parametrize(("intro", "replies"), [
    ("not sure", ["idk", "no idea honestly"]),
    ("I'd rather just write freely", ["hmm", "whatever comes"]),
    ("free style", []),
])
def test_the_topic_loop_never_shows_a_list_and_always_ends_with_a_topic(
        intro: str, replies: list[str]) -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client, STUDIO_PHONE, exported=True)
        done, asked = choose_topic(run, intro, replies)
        assert len(asked) <= 3
        for question in asked:
            assert not LIST_WORDS.search(question), question
        assert asked[-1].rstrip().endswith("?")  # sent with Send & Wait, like every answer
        assert done["topic"] in TOPICS
        assert isinstance(done["topic_idx"], int)
        assert done["prompt"]
        assert done["follow_up_questions"]
        assert announced(run) == f'we will focus on the topic of "{done["topic"]}"'
        run.said("ask_event", ENTRY)
        run.loop("/journaling/ask_follow_up_questions_loop", [*FOLLOW_UPS, "no"])
        run.said("feel_after", "4")
        run.call("/journaling/save_data")  # the body Studio renders is JSON (StudioRun checks)
        second = run.call("/journaling/get_journal_prompt")
    [saved] = results_of(container, STUDIO_PHONE, "journaling")
    assert (saved.fields["mode"], saved.fields["topic"]) == ("series", done["topic"])
    assert (second["select_new_topic"], second["topic"], second["topic_idx"]) == (
        False, done["topic"], 1)


def test_the_topic_loop_finds_the_topic_the_user_describes_without_a_list() -> None:
    app, _ = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client, STUDIO_PHONE, exported=True)
        done, asked = choose_topic(run, "", ["my friends, I feel a bit distant from them"])
        old_history = done["history"]
        # "Change topic" later in the session: the loop runs again on the old history.
        run.variables["topic_history"] = old_history
        run.said("topic_intro", "")
        run.said("reply", "gratitude")
        changed = run.call("/journaling/ask_user_for_journaling_topic_loop")
    assert not LIST_WORDS.search(asked[0]), asked[0]
    assert (done["topic"], done["topic_idx"]) == ("Friendships", 0)
    assert (changed["is_done"], changed["topic"], changed["topic_idx"]) == (True, "Gratitude", 0)


def test_the_burnout_survey_through_the_studio_routes_stores_what_whatsapp_stores() -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client, STUDIO_PHONE)
        run.variables["results"] = BURNOUT
        shown = run.call("/burnout_survey/get_burnout_infographic")
        run.call("/burnout_survey/save_data")
        whatsapp = whatsapp_walk(client, container, "4", {
            f"item_{n:02d}": [answer] for n, answer in enumerate(BURNOUT, start=1)}, "burnout")
        chart = client.get(shown["image_url"].removeprefix("https://bobby-dev.ngrok.example"))
    [studio] = results_of(container, STUDIO_PHONE, "burnout")
    same(studio, whatsapp)
    assert shown["mean_burnout_score"] == studio.fields["burnout_overall"]
    assert studio.fields["burnout_band"] in shown["title"] or "risk" in shown["title"]
    assert chart.status_code == 200


def test_burnout_answers_are_clamped_read_as_words_and_scored_even_when_empty() -> None:
    app, _container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client, STUDIO_PHONE)
        run.variables["results"] = ["10", "always", None, "banana", *["1"] * 8]
        clamped = run.call("/burnout_survey/get_burnout_infographic")
        run.variables["results"] = [None, "", "x"]
        nothing = run.call("/burnout_survey/get_burnout_infographic")
        run.variables["results"] = '["2", "3"]'  # the JSON text of a list, as some flows send it
        partial = run.call("/burnout_survey/get_burnout_infographic")
    answers: list[Any] = [5, 5, None, None, *[1] * 8]
    assert clamped["mean_burnout_score"] == round(sum(a for a in answers if a) / 10, 2)
    assert (nothing["mean_burnout_score"], nothing["image_url"]) == (None, None)
    assert nothing["title"]
    assert partial["mean_burnout_score"] == 2.5

