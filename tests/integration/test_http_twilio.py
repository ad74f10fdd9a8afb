"""The Twilio WhatsApp webhook through the real app and Litestar's test client."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from bobby_core.model import DeliveryStatus, Direction
from bobby_core.text import WHATSAPP_LIMIT
from tests import flow_words as words
from tests.integration.http_support import (
    PHONE,
    PUBLIC,
    LongEventQuestion,
    inbound,
    is_problem,
    messages,
    post_form,
    say,
    say_parts,
    sent_by,
    sids,
    sign,
    store_of,
    wire,
)
from tests.integration.pipeline_support import wait_for_replies

pytestmark = pytest.mark.integration
PATH = "/webhooks/twilio/messages"


def test_a_signed_reflect_session_runs_end_to_end_over_twiml() -> None:
    app, container = wire()
    sid = sids()
    with TestClient(app) as client:
        assert "automated well-being companion" in say(client, "hi", next(sid))
        assert "Reply with a number" in say(client, "yes", next(sid))
        assert words.text("reflect", "event") in say(client, "2", next(sid))
        reply = say(client, "My manager criticised my report", next(sid))
        assert words.question("reflect", "belief_loop", 1) in reply
        reply = say(client, "I always get things wrong", next(sid))
        assert words.question("reflect", "socratic_loop", 1) in reply
        say(client, "I did get good feedback last month though", next(sid))
        say(client, "I'd tell a friend one mistake doesn't define them", next(sid))
        reply = say(client, "Maybe he was simply stressed", next(sid))
        assert words.text("reflect", "feel_after") in reply
        assert words.text("reflect", "thanks") in say(client, "4", next(sid))
    [result] = store_of(container).results.values()
    assert (result.flow_id, result.feel_after) == ("reflect", 4)
    assert result.fields["event"] == "My manager criticised my report"


def test_forged_missing_and_wrong_url_signatures_get_403_and_run_nothing() -> None:
    app, container = wire()
    params = inbound("hi", "SM" + "f" * 32)
    with TestClient(app) as client:
        forged = post_form(client, PATH, params, signature="bm90IGEgc2lnbmF0dXJl")
        missing = post_form(client, PATH, params, signature=None)
        # Signed over the URL this process sees, not the public one Twilio called.
        internal = post_form(client, PATH, params, signature=sign("http://testserver.local" + PATH, params))
        tampered = post_form(client, PATH, {**params, "Body": "menu"},
                             signature=sign(PUBLIC + PATH, params))
    assert is_problem(forged, 403, "does not match")
    assert is_problem(missing, 403, "missing X-Twilio-Signature")
    assert is_problem(internal, 403, "does not match")
    assert is_problem(tampered, 403, "does not match")
    assert store_of(container).messages == {}


def test_the_signature_covers_every_posted_field_even_ones_bobby_ignores() -> None:
    app, _ = wire()
    params = inbound("hi", "SM" + "e" * 32, ReferralCtwaClid="abc", Forwarded="true")
    with TestClient(app) as client:
        assert post_form(client, PATH, params).status_code == 200


def test_a_retried_message_sid_is_one_turn_and_one_set_of_sends() -> None:
    app, container = wire()
    sid = "SM" + "d" * 32
    with TestClient(app) as client:
        first = say(client, "hi", sid)
        again = post_form(client, PATH, inbound("hi", sid))
        wait_for_replies(store_of(container), sid)
    assert again.status_code == 200
    assert messages(again.text) == []
    assert "automated well-being companion" in first
    stored = list(store_of(container).messages.values())
    assert sum(m.direction is Direction.INBOUND for m in stored) == 1
    replies = [m for m in stored if m.direction is Direction.OUTBOUND]
    assert [s.body for s in sent_by(container).sent] == [m.body for m in replies]
    assert all(m.provider_message_id and m.status is DeliveryStatus.SENT for m in replies)


LONG_QUESTION = ("This is a rather long reflection that keeps going for a while. " * 64
                 + "What do you tell yourself?")


def test_a_reply_over_1600_characters_becomes_several_messages_at_sentence_ends() -> None:
    app, _ = wire(None, None, "dev", LongEventQuestion(LONG_QUESTION))
    sid = sids()
    with TestClient(app) as client:
        for text in ("hi", "yes"):
            say(client, text, next(sid), signature=None)
        parts = [m.body for m in say_parts(client, "2", next(sid), signature=None)]
    long_parts = [p for p in parts if "rather long reflection" in p]
    assert len(long_parts) >= 3
    assert all(len(p) <= WHATSAPP_LIMIT for p in parts)
    assert all(p.endswith((".", "?")) for p in long_parts)
    assert long_parts[-1].endswith("What do you tell yourself?")


def test_media_replies_and_inbound_media_fields_are_accepted() -> None:
    app, container = wire(None, None)
    sid = "SM" + "c" * 32
    with TestClient(app) as client:
        response = post_form(client, PATH, inbound("", sid, NumMedia="1",
                                                   MediaUrl0="https://api.twilio.com/x.jpg",
                                                   MediaContentType0="image/jpeg"), signature=None)
        replies = wait_for_replies(store_of(container), sid)
    assert response.status_code == 200
    assert "automated well-being companion" in replies[0].body


@pytest.mark.parametrize(("body", "content_type", "detail"), [
    ("Body=hi&MessageSid=SM1", "application/x-www-form-urlencoded", "From"),
    ("From=whatsapp%3A%2B447700900123&Body=hi", "application/x-www-form-urlencoded", "MessageSid"),
    ("From=whatsapp%3A%2B447700900123&Body=hi&MessageSid=SM1&NumMedia=lots",
     "application/x-www-form-urlencoded", "NumMedia"),
    ("From=whatsapp%3Ahello&Body=hi&MessageSid=SM1", "application/x-www-form-urlencoded", "E.164"),
    ('{"From": "whatsapp:+447700900123"}', "application/json", "MessageSid|From"),
    ("\xff\xfe%%%=&&=", "application/x-www-form-urlencoded", "From|MessageSid"),
    ("", "text/plain", "From|MessageSid"),
])
def test_malformed_bodies_get_400_with_a_clear_message(body: str, content_type: str,
                                                       detail: str) -> None:
    app, container = wire(None, None)
    with TestClient(app) as client:
        response = client.post(PATH, content=body.encode("latin-1"),
                               headers={"Content-Type": content_type})
    assert is_problem(response, 400, detail), response.text
    assert PHONE not in response.text
    assert all(m.body == "" for m in store_of(container).messages.values())
