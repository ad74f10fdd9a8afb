"""Twilio Studio's one-step-per-call endpoint: flat JSON, bodySHA256 signatures, 503 on a
provider failure so Studio takes its Fail branch."""

from __future__ import annotations

import hashlib
import json

import pytest
from injector import Module, provider, singleton
from litestar.testing import TestClient

from bobby_core.errors import ExternalServiceError
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.ports import LanguageModel
from tests.integration.http_support import (
    PHONE,
    PUBLIC,
    TOKEN,
    LongEventQuestion,
    is_problem,
    sign,
    store_of,
    studio_post,
    wire,
)

pytestmark = pytest.mark.integration
WHO = {"phone": f"whatsapp:{PHONE}"}


def consent(client: TestClient) -> None:  # type: ignore[type-arg]
    studio_post(client, "/studio/steps/consent/disclose", {**WHO, "text": ""})
    answer = studio_post(client, "/studio/steps/consent/ask", {**WHO, "text": "yes"})
    assert answer.json()["flow_done"] is True


def test_a_studio_run_of_reflect_steps_answers_flat_json_and_keeps_the_answers() -> None:
    app, container = wire()
    with TestClient(app) as client:
        consent(client)
        ask = studio_post(client, "/studio/steps/reflect/event", {**WHO, "text": ""})
        assert ask.status_code == 200
        assert "What's an event" in ask.json()["reply"]
        assert ask.json()["done"] is False
        answer = studio_post(client, "/studio/steps/reflect/event",
                             {**WHO, "text": "My manager criticised my report"})
        body = answer.json()
        assert all(not isinstance(v, dict | list) for k, v in body.items() if k != "parts")
        assert body["parts"]
        assert body["part_count"] == len(body["parts"])
        assert body["done"] is True
        assert (body["flow"], body["step"], body["next_step"]) == ("reflect", "event", "belief_loop")
        assert "what goes through your mind" in body["reply"]
    user = next(iter(store_of(container).users.values()))
    state = store_of(container).conversations[user.id]
    assert state.variables["event"] == "My manager criticised my report"


def test_a_first_call_for_a_new_number_asks_for_consent_instead_of_failing() -> None:
    app, container = wire()
    with TestClient(app) as client:
        response = studio_post(client, "/studio/steps/reflect/event", {**WHO, "text": "x"})
        body = response.json()
        assert response.status_code == 200
        assert body["consent_required"] is True
        assert (body["next_flow"], body["next_step"]) == ("consent", "ask")
        assert body["reply"]
        consented = studio_post(client, "/studio/steps/consent/ask", {**WHO, "text": "yes"})
        assert consented.json()["flow_done"] is True
        again = studio_post(client, "/studio/steps/reflect/event", {**WHO, "text": "A row at work"})
    assert again.json()["consent_required"] is False
    assert again.json()["next_step"] == "belief_loop"
    [user] = store_of(container).users.values()
    assert user.may_store


def test_a_step_out_of_order_is_a_409_problem_naming_the_expected_step() -> None:
    app, container = wire()
    with TestClient(app) as client:
        consent(client)
        studio_post(client, "/studio/steps/reflect/event", {**WHO, "text": "A row at work"})
        response = studio_post(client, "/studio/steps/reflect/feel_after", {**WHO, "text": "4"})
    assert is_problem(response, 409, "expected step is 'belief_loop'")
    assert (response.json()["expected_flow"], response.json()["expected_step"]) == (
        "reflect", "belief_loop")
    assert store_of(container).results == {}


def test_a_step_that_draws_a_chart_answers_its_image_url() -> None:
    app, _ = wire()
    with TestClient(app) as client:
        consent(client)
        body = studio_post(client, "/studio/steps/burnout/intro", {**WHO, "text": ""}).json()
        while body["next_flow"] == "burnout" and body["next_step"].startswith("item_"):
            assert body["image_url"] == ""
            body = studio_post(client, f"/studio/steps/burnout/{body['next_step']}",
                               {**WHO, "text": "4"}).json()
        assert body["image_url"].startswith(PUBLIC + "/media/")
        assert body["flow_done"] is True  # no reminder offer of Bobby's: Studio has its own
        chart = client.get(body["image_url"].removeprefix(PUBLIC))
    assert chart.status_code == 200
    assert chart.headers["content-type"] == "image/png"


LONG_QUESTION = ("This is a long and careful sentence about the situation you describe. " * 40
                 + "What happened?")


def test_a_long_reply_comes_joined_and_as_parts_of_at_most_1600_characters() -> None:
    app, _ = wire(TOKEN, PUBLIC, "dev", LongEventQuestion(LONG_QUESTION))
    with TestClient(app) as client:
        consent(client)
        body = studio_post(client, "/studio/steps/reflect/event", {**WHO, "text": ""}).json()
    assert body["part_count"] == len(body["parts"]) >= 2
    assert all(0 < len(part) <= 1600 for part in body["parts"])
    assert body["reply"] == "\n\n".join(body["parts"])
    assert len(body["reply"]) > 1600


def test_a_crisis_text_gets_the_helpline_reply_and_the_step_does_not_move() -> None:
    app, container = wire()
    with TestClient(app) as client:
        consent(client)
        response = studio_post(client, "/studio/steps/reflect/event",
                               {**WHO, "text": "I want to kill myself"})
    body = response.json()
    assert body["crisis"] is True
    assert body["done"] is False
    assert "Samaritans" in body["reply"] or "helpline" in body["reply"].lower()
    assert len(store_of(container).safety_events) == 1


def test_studio_signatures_need_bodysha256_and_the_untouched_body() -> None:
    app, _ = wire()
    raw = json.dumps({**WHO, "text": ""})
    digest = hashlib.sha256(raw.encode()).hexdigest()
    url = f"/studio/steps/consent/disclose?bodySHA256={digest}"
    good = {"Content-Type": "application/json", "X-Twilio-Signature": sign(PUBLIC + url, {})}
    with TestClient(app) as client:
        assert client.post(url, content=raw, headers=good).status_code == 200
        swapped = client.post(url, content=json.dumps({**WHO, "text": "no"}), headers=good)
        no_hash = client.post("/studio/steps/consent/disclose", content=raw, headers={
            "Content-Type": "application/json",
            "X-Twilio-Signature": sign(PUBLIC + "/studio/steps/consent/disclose", {})})
        unsigned = studio_post(client, "/studio/steps/consent/disclose", WHO, signed=False)
    assert is_problem(swapped, 403, "does not match")
    assert is_problem(no_hash, 403, "bodySHA256")
    assert is_problem(unsigned, 403, "missing X-Twilio-Signature")


@pytest.mark.parametrize(("path", "body", "status", "detail"), [
    ("/studio/steps/nope/event", WHO, 404, "unknown flow"),
    ("/studio/steps/reflect/nope", WHO, 404, "no step"),
    ("/studio/steps/consent/ask", {"text": "yes"}, 400, "phone"),
    ("/studio/steps/consent/ask", {"phone": "not a phone"}, 400, "E.164"),
    ("/studio/steps/consent/ask", [1, 2], 400, ""),
])
def test_bad_studio_requests_get_clear_problems(path: str, body: object, status: int,
                                                detail: str) -> None:
    app, _ = wire(None, None)
    with TestClient(app) as client:
        response = client.post(path, content=json.dumps(body),
                               headers={"Content-Type": "application/json"})
        garbage = client.post(path, content=b"{not json",
                              headers={"Content-Type": "application/json"})
    assert is_problem(response, status, detail), response.text
    assert garbage.status_code == 400


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


def test_a_model_outage_is_a_503_so_studio_takes_its_fail_branch() -> None:
    app, container = wire(None, None, "dev", DownModule())
    with TestClient(app) as client:
        consent(client)
        response = studio_post(client, "/studio/steps/reflect/event",
                               {**WHO, "text": "My manager criticised my report"})
    assert is_problem(response, 503, "unavailable")
    user = next(iter(store_of(container).users.values()))
    assert "event" not in store_of(container).conversations[user.id].variables
