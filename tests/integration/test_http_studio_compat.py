"""The prototype's Studio routes: each widget body rendered by Liquid as Studio renders it gets
a signed 2xx JSON object with the fields the flows read; forged calls get 403; crisis texts get
the helpline reply where the flow sends text to the user; nothing is stored without consent."""

from __future__ import annotations

import json

import pytest
from litestar.testing import TestClient

from bobby_core.model import ConsentStatus
from bobby_http.studio.catalogue import catalogue
from tests.integration.http_support import (
    PHONE,
    PUBLIC,
    is_problem,
    sign,
    store_of,
    studio_post_raw,
    studio_signed,
    wire,
)
from tests.integration.studio_widgets import BODIES, StudioRun

pytestmark = pytest.mark.integration

EVENT = "My manager criticised my report in front of everyone"
ANSWER_FIELDS: dict[str, tuple[str, ...]] = {
    "/authenticate_user": ("is_active", "has_account", "status"),
    "/save_user_info": (),
    "/recommend_tool": ("response",),
    "/save_user_feedback": (),
    "/why_not_buy_save_data": (),
    "/reflect/ask_for_belief_loop": ("question", "is_done", "history"),
    "/reflect/distortion_loop": ("question", "is_done", "history"),
    "/save_abc_data": (),
    "/sphere_of_influence/control_loop": ("question", "is_done", "history"),
    "/sphere_of_influence/save_control_data": (),
    "/journaling/get_journal_prompt": ("topic", "topic_idx", "prompt", "follow_up_questions",
                                       "message", "select_new_topic"),
    "/journaling/ask_user_for_journaling_topic_loop": ("question", "is_done", "history", "topic",
                                                       "topic_idx", "prompt",
                                                       "follow_up_questions"),
    "/journaling/ask_follow_up_questions_loop": ("question", "is_done", "history"),
    "/journaling/save_data": (),
    "/burnout_survey/get_burnout_infographic": ("image_url", "title", "mean_burnout_score"),
    "/burnout_survey/save_data": (),
    "/custom_reminder/set_custom_reminder": (),
    "/custom_reminder/save_data": (),
}


def talk(history: str) -> list[object]:
    """What was said in a kept history, the JSON text a loop returns (its note is Bobby's own)."""
    return [t["content"] for t in json.loads(history) if t["role"] != "note"]


def filled(run: StudioRun) -> StudioRun:
    """A conversation part-way through every flow, as the widgets' templates read it."""
    for widget, text in {"ask_event": EVENT, "reply": "I always mess things up",
                         "feel_after": "4", "topic_intro": "", "days": "3", "want": "No",
                         "why_not": "I'll come back myself", "feedback": "It helped",
                         "why_not_buy": "Too expensive", "ask_feeling": "Overwhelmed at work",
                         "rephrase": ""}.items():
        run.said(widget, text)
    run.variables.update(flow_name="reflect", history="", belief_history="",
                         user_belief="I always mess things up", topic_history="",
                         prompt="What does taking care of yourself look like on a good day?",
                         follow_up_questions="Which of those did you do?\nWhat got in the way?",
                         results=["3"] * 12, topic="Self-Care", topic_idx="0", error="None")
    return run


def test_the_catalogue_lists_every_route_of_the_contract() -> None:
    routes, generic = catalogue()
    assert {r.path for r in routes} == set(ANSWER_FIELDS) == set(BODIES)
    assert generic.path == "/studio/steps/{flow:str}/{step:str}"
    for route in routes:
        assert set(ANSWER_FIELDS[route.path]) <= set(route.answer), route.path
        assert route.request, route.path


@pytest.mark.parametrize("route", sorted(ANSWER_FIELDS))
def test_each_route_answers_the_fields_its_flow_reads(route: str) -> None:
    app, _ = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        parsed = filled(StudioRun(client)).call(route)
    assert set(ANSWER_FIELDS[route]) <= set(parsed), parsed


@pytest.mark.parametrize("route", sorted(ANSWER_FIELDS))
def test_forged_or_unsigned_calls_are_refused(route: str) -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        raw = filled(StudioRun(client)).render(route)
        digest_url = f"{route}?bodySHA256=" + "0" * 64
        forged_hash = client.post(digest_url, content=raw, headers={
            "Content-Type": "application/json", "X-Twilio-Signature": sign(PUBLIC + digest_url, {})})
        url, headers = studio_signed(route, raw, "not-the-token")
        wrong_token = client.post(url, content=raw, headers=headers)
        unsigned = studio_post_raw(client, route, raw, signed=False)
    for response in (forged_hash, wrong_token, unsigned):
        assert is_problem(response, 403), response.text
    store = store_of(container)
    assert (store.users, store.results, store.reminders, store.feedback) == ({}, {}, {}, {})


def test_a_crisis_reply_in_a_loop_gets_the_helplines_as_the_question_and_is_recorded_at_save(
) -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = filled(StudioRun(client))
        opened = run.call("/sphere_of_influence/control_loop")
        run.variables["history"] = opened["history"]
        run.said("reply", "I want to kill myself")
        flagged = run.call("/sphere_of_influence/control_loop")
        assert flagged["is_done"] is False
        assert "Samaritans" in flagged["question"] or "helpline" in flagged["question"].lower()
        assert talk(flagged["history"]) == talk(opened["history"])  # the crisis text is kept out
        assert store_of(container).safety_events == {}  # nobody is named on a loop call
        run.variables["history"] = flagged["history"]
        run.call("/sphere_of_influence/save_control_data")
        recommended = filled(StudioRun(client))
        recommended.said("ask_feeling", "I want to end my life")
        advice = recommended.call("/recommend_tool")
    [event] = store_of(container).safety_events.values()
    [user] = store_of(container).users.values()
    assert (event.user_id, event.flow_id, event.step_id) == (user.id, "release_focus", "control_loop")
    assert advice["crisis"] is True
    assert "I'd suggest" not in advice["response"]


def test_nothing_is_stored_before_consent_unless_the_flows_ask_for_it() -> None:
    app, container = wire()
    with TestClient(app) as client:
        run = filled(StudioRun(client))
        visit = run.call("/save_user_info")
        refused = run.post("/save_abc_data")
        reminder = run.post("/custom_reminder/set_custom_reminder")
        studio_steps = json.dumps({"phone": f"whatsapp:{PHONE}", "text": "yes"})
        studio_post_raw(client, "/studio/steps/consent/ask", studio_steps)
        saved = run.call("/save_abc_data")
    assert visit["may_store"] is False
    assert is_problem(refused, 409, "consent")
    assert is_problem(reminder, 409, "consent")
    assert saved["saved"] is True
    [result] = store_of(container).results.values()
    assert result.flow_id == "reflect"


def test_a_number_that_declined_is_never_taken_as_consenting() -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        studio_post_raw(client, "/studio/steps/consent/ask",
                        json.dumps({"phone": f"whatsapp:{PHONE}", "text": "no"}))
        refused = filled(StudioRun(client)).post("/burnout_survey/save_data")
    assert is_problem(refused, 409, "consent")
    [user] = store_of(container).users.values()
    assert user.consent is ConsentStatus.DECLINED
    assert store_of(container).results == {}
