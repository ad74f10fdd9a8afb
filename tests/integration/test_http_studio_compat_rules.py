"""The rules behind the prototype's Studio routes: access from Bobby's paywall for the exact
number only; reminders for the caller's own number, 1-7 days; histories and texts in every shape
Studio's templates produce; answers under 64 kB; bad input a 400, a model outage a 503; the
journaling "keep going?" question; an exercise stopped by a time-out kept as abandoned."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from injector import Module, provider, singleton
from litestar.testing import TestClient

from bobby_core.errors import ExternalServiceError
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import ResultStatus
from bobby_core.ports import LanguageModel
from bobby_core.subscriptions.model import Subscription, SubscriptionStatus
from bobby_main.cli import main
from tests.integration.http_support import PHONE, is_problem, store_of, studio_post, wire
from tests.integration.studio_widgets import STUDIO_MAX_BODY, StudioRun

pytestmark = pytest.mark.integration

PAYWALL: dict[str, Any] = {"paywall": True,
                           "stripe_payment_link": "https://buy.stripe.example/test"}
SAME_LAST_DIGITS = "+447700800123"  # ends like PHONE: the prototype let it in


def test_access_is_bobbys_paywall_for_the_exact_number_and_nothing_about_others() -> None:
    app, container = wire(**PAYWALL)
    with TestClient(app) as client:
        unknown = studio_post(client, "/authenticate_user", {"user_number": f"whatsapp:{PHONE}"})
        studio_post(client, "/save_user_info", {"user_number": f"whatsapp:{PHONE}",
                                                "flow_name": "welcome"})
        [user] = store_of(container).users.values()
        store_of(container).subscriptions["sub_1"] = Subscription(
            id="sub_1", status=SubscriptionStatus.ACTIVE, as_of=datetime.now(UTC),
            period_end=datetime.now(UTC) + timedelta(days=20), user_id=user.id)
        paying = studio_post(client, "/authenticate_user", {"user_number": f"whatsapp:{PHONE}"})
        lookalike = studio_post(client, "/authenticate_user",
                                {"user_number": f"whatsapp:{SAME_LAST_DIGITS}"})
    assert unknown.json() == {"is_active": False, "has_account": False, "status": None}
    assert paying.json() == {"is_active": True, "has_account": True, "status": "active"}
    assert lookalike.json() == {"is_active": False, "has_account": False, "status": None}
    assert len(store_of(container).users) == 1  # asking does not create anyone


def test_without_a_paywall_every_number_may_use_the_exercises() -> None:
    app, _ = wire()
    with TestClient(app) as client:
        answer = studio_post(client, "/authenticate_user", {"user_number": f"whatsapp:{PHONE}"})
    assert answer.json()["is_active"] is True


@pytest.mark.parametrize(("days", "ok"), [("3", True), (7, True), ("1", True), ("0", False),
                                          ("8", False), ("soon", False), ("", False)])
def test_a_custom_reminder_is_1_to_7_days_for_the_callers_own_number(days: object,
                                                                       ok: bool) -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        response = studio_post(client, "/custom_reminder/set_custom_reminder",
                               {"user_number": f"whatsapp:{PHONE}", "user_number_of_days": days})
    reminders = list(store_of(container).reminders.values())
    if not ok:
        assert is_problem(response, 422, "'days'")  # the flow's question refused it
        assert reminders == []
        return
    assert response.status_code == 200
    [reminder] = reminders
    [user] = store_of(container).users.values()
    assert (reminder.user_id, user.phone) == (user.id, PHONE)
    assert reminder.kind == "custom"
    due = datetime.fromisoformat(response.json()["due_at"])
    assert timedelta(days=int(str(days)) - 1) < due - datetime.now(UTC) < timedelta(
        days=int(str(days)) + 1)


def test_a_reason_for_no_reminder_is_kept_as_feedback() -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client)
        run.said("want", "No")
        run.said("why_not", "I'd rather come back when I need it")
        saved = run.call("/custom_reminder/save_data")
        run.said("why_not", "")
        nothing = run.call("/custom_reminder/save_data")
    [feedback] = store_of(container).feedback.values()
    assert feedback.kind == "no_reminder"
    assert (saved["saved"], nothing["saved"]) == (True, False)


@pytest.mark.parametrize("shape", ["list", "json text", "json text quoted twice"])
def test_a_loop_takes_its_history_as_a_list_or_as_json_text(shape: str) -> None:
    app, _ = wire()
    with TestClient(app) as client:
        first = studio_post(client, "/sphere_of_influence/control_loop", {
            "user_event": "A reorganisation at work", "history": None, "last_user_response": ""})
        history = json.loads(first.json()["history"])
        sent = {"list": history, "json text": json.dumps(history),
                "json text quoted twice": json.dumps(json.dumps(history))}[shape]
        second = studio_post(client, "/sphere_of_influence/control_loop", {
            "user_event": '"A reorganisation at work"', "history": sent,
            "last_user_response": json.dumps("The decision is not mine to make")})
    body = second.json()
    assert second.status_code == 200
    talk = [t for t in json.loads(body["history"]) if t["role"] != "note"]  # the note is Bobby's
    assert [t["role"] for t in talk] == ["assistant", "user", "assistant"]
    assert talk[1]["content"] == "The decision is not mine to make"


@pytest.mark.parametrize(("route", "body", "field"), [
    ("/sphere_of_influence/control_loop", {"history": "{not a list"}, "history"),
    ("/sphere_of_influence/control_loop", {"history": {"role": "user"}}, "history"),
    ("/save_abc_data", {"user_event": "x"}, "user_number"),
    ("/authenticate_user", {"user_number": "not a phone"}, "E.164"),
    ("/burnout_survey/get_burnout_infographic", {"user_number": f"whatsapp:{PHONE}",
                                                 "results": "nope"}, "results"),
    ("/recommend_tool", {"user_feeling": {"nested": True}}, "user_feeling"),
])
def test_bad_input_is_a_400_problem(route: str, body: dict[str, object], field: str) -> None:
    app, _ = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        response = studio_post(client, route, body)
    assert is_problem(response, 400), response.text
    assert field in response.text


def test_answers_stay_under_studios_64_kb_at_the_turn_limit_with_the_longest_texts() -> None:
    app, _ = wire()
    long_reply = "word " * 800  # 4,000 characters, about what WhatsApp lets a user send
    with TestClient(app) as client:
        run = StudioRun(client)
        run.said("ask_event", long_reply)
        done, _ = run.loop("/sphere_of_influence/control_loop", [long_reply])
        sizes = [len(json.dumps(w.get("parsed", {}))) for w in run.widgets.values()]
    assert done["is_done"] is True
    assert max(sizes) < STUDIO_MAX_BODY


class DownModel:
    name = "down"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        raise ExternalServiceError("llm", "timeout")

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        raise ExternalServiceError("llm", "timeout")


class DownModule(Module):
    @singleton
    @provider
    def llm(self) -> LanguageModel:
        return DownModel()


def test_a_model_outage_is_a_503_so_the_widget_takes_its_fail_branch() -> None:
    app, _ = wire(None, None, "dev", DownModule())
    with TestClient(app) as client:
        response = studio_post(client, "/reflect/ask_for_belief_loop",
                               {"user_event": "A row", "history": [], "last_user_response": ""})
    assert is_problem(response, 503, "unavailable")


def test_a_fourth_follow_up_is_offered_with_keep_going_then_asked() -> None:
    app, _ = wire()
    with TestClient(app) as client:
        run = StudioRun(client)
        run.said("ask_event", "Resting means a slow morning with coffee")
        run.variables.update(prompt="What does taking care of yourself look like on a good day?",
                             follow_up_questions="Which did you do?\nWhat got in the way?\n"
                                                 "What could you do tomorrow?\nHow will you remember?")
        run.variables["history"] = ""
        run.said("reply", "")
        asked: dict[str, Any] = {}
        for reply in ["A walk", "Work", "Sleep early", "yes", "A note on the fridge", "ok", "ok"]:
            asked = run.call("/journaling/ask_follow_up_questions_loop")
            run.variables["history"] = asked["history"]
            if asked["is_done"]:
                break
            run.said("reply", reply)
        notes = [t for t in json.loads(asked["history"]) if t["role"] == "note"]
    assert asked["is_done"] is True
    [note] = notes
    assert note["kept"]["followups"]  # both loops' talk is kept for the save
    assert note["kept"]["more_followups"]


def test_an_exercise_stopped_by_a_time_out_is_kept_as_abandoned() -> None:
    app, container = wire(studio_flows_ask_consent=True)
    with TestClient(app) as client:
        run = StudioRun(client)
        run.said("ask_event", "A reorganisation")
        run.variables.update(history="", error="time-out")
        run.said("feel_after", "")
        run.call("/sphere_of_influence/save_control_data")
    [result] = store_of(container).results.values()
    assert (result.status, result.abandoned_at_step) == (ResultStatus.ABANDONED, "control_loop")


def test_bobby_studio_routes_lists_every_route_with_its_fields(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["studio", "routes"]) == 0
    out = capsys.readouterr().out
    assert "POST /journaling/get_journal_prompt" in out
    assert "select_new_topic" in out
    assert "POST /studio/steps/{flow:str}/{step:str}" in out
    assert "image_url" in out
