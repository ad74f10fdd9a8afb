"""The pure parts of the model adapter: reading a structured answer, and the retry schedule."""

import json
from datetime import UTC, datetime
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field

from bobby_adapters.model_retry import RetryPolicy, retry_after_seconds
from bobby_adapters.structured_answer import (
    UnreadableAnswerError,
    first_json_object,
    read_answer,
    shape_in_words,
)


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reply: str = Field(description="the message")
    done: bool
    mood: Literal["calm", "low"]


WANTED = {"reply": "Hi {there}", "done": True, "mood": "low"}
OBJECT = '{"reply": "Hi {there}", "done": true, "mood": "low"}'


@pytest.mark.parametrize("text", [
    OBJECT,
    f"  \n{OBJECT}\n ",
    f"```json\n{OBJECT}\n```",
    f"```\n{OBJECT}\n```",
    f"Sure, here it is:\n{OBJECT}",
    f"{OBJECT}\nAnything else?",
    f"Note {{this}}: {OBJECT}",              # a brace in the prose that opens no object
    f"[1, 2] then {OBJECT} and {{\"reply\": \"second\"}}",  # the first object wins
])
def test_the_first_json_object_is_read_wherever_it_sits(text: str) -> None:
    assert first_json_object(text) == WANTED


def test_unknown_keys_are_ignored() -> None:
    answer = read_answer('{"reply": "Hi", "done": false, "mood": "calm", "why": "x"}', Answer)
    assert answer == Answer(reply="Hi", done=False, mood="calm")


@pytest.mark.parametrize(("text", "reason"), [
    (None, "the answer was empty"),
    ("   ", "the answer was empty"),
    ("I feel fine", "no complete JSON object"),
    ('{"reply": "Hi", "done": tr', "no complete JSON object"),
    ('{"reply": "Hi", "mood": "low"}', "done: Field required"),
    ('{"reply": "Hi", "done": false, "mood": "ecstatic"}', "mood: Input should be 'calm' or 'low'"),
])
def test_an_unreadable_answer_says_why_without_the_input(text: str | None, reason: str) -> None:
    with pytest.raises(UnreadableAnswerError) as caught:
        read_answer(text, Answer)
    assert reason in caught.value.reason
    assert "ecstatic" not in caught.value.reason


def test_the_shape_in_words_names_every_key_and_its_kind() -> None:
    assert shape_in_words(Answer) == (
        'Answer with only one JSON object, nothing before or after it, with exactly these keys: '
        '"reply": a string (the message); "done": true or false; "mood": one of "calm", "low".')


def test_the_back_off_doubles_is_jittered_and_capped() -> None:
    policy = RetryPolicy(retries=5, base_seconds=0.5, cap_seconds=3.0)
    low = [policy.delay(n, None, lambda: 0.0) for n in range(5)]
    high = [policy.delay(n, None, lambda: 0.999999) for n in range(5)]
    assert low == [0.25, 0.5, 1.0, 1.5, 1.5]
    assert high == pytest.approx([0.5, 1.0, 2.0, 3.0, 3.0])


def test_no_wait_is_given_past_the_last_retry() -> None:
    policy = RetryPolicy(retries=1)
    assert policy.delay(0, None, lambda: 0.5) is not None
    assert policy.delay(1, None, lambda: 0.5) is None
    assert RetryPolicy(retries=0).delay(0, 0.1, lambda: 0.5) is None


def test_a_servers_retry_after_is_believed_up_to_the_cap() -> None:
    policy = RetryPolicy(retries=1, cap_seconds=8.0)
    assert policy.delay(0, 2.0, lambda: 0.9) == 2.0
    assert policy.delay(0, 0.0, lambda: 0.9) == 0.0
    assert policy.delay(0, 30.0, lambda: 0.9) is None  # longer than a turn can wait: give up


@pytest.mark.parametrize(("headers", "seconds"), [
    ({"retry-after-ms": "250"}, 0.25),
    ({"Retry-After": "3"}, 3.0),
    ({"retry-after": "Mon, 05 Jan 2026 09:00:07 GMT"}, 7.0),
    ({"retry-after-ms": "100", "retry-after": "9"}, 0.1),  # the finer one wins
    ({}, None),
    ({"retry-after": "soon"}, None),
])
def test_retry_after_is_read_from_the_headers(headers: dict[str, str], seconds: float | None) -> None:
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert retry_after_seconds(headers, now) == seconds


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=20), st.booleans(),
                                                      st.integers(), st.none()), max_size=4),
       st.text(max_size=30).filter(lambda t: "{" not in t), st.text(max_size=30),
       st.sampled_from(["{}", "```json\n{}\n```", "```\n{}\n```", "{}"]))
def test_any_object_is_found_behind_prose_and_a_fence(obj: dict[str, object], before: str,
                                                      after: str, wrap: str) -> None:
    text = before + wrap.replace("{}", json.dumps(obj), 1) + after
    assert first_json_object(text) == obj
