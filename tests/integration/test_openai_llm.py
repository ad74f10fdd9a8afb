import asyncio
import json
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from openai import AsyncOpenAI

from bobby_adapters.fakes import FakeClock
from bobby_adapters.memory_model_calls import InMemoryModelCallLog
from bobby_adapters.model_retry import RetryPolicy
from bobby_adapters.openai_calls import OpenAIStructuredCalls
from bobby_adapters.openai_llm import (
    OpenAILanguageModel,
    extract_system_prompt,
    extraction_schema,
    openai_client,
)
from bobby_adapters.openai_transport import PerLoopAiohttpTransport, model_http_client
from bobby_adapters.structured_answer import read_answer
from bobby_core.engine.steps import LlmExtract
from bobby_core.errors import ExternalServiceError
from bobby_core.flows import default_registry
from bobby_core.llm import ConverseRequest, ExtractRequest, FieldSpec
from bobby_core.model import ChatTurn, Role, TokenUsage
from tests.integration.fake_openai import (
    FakeOpenAI,
    Scripted,
    chat_answer,
    error_answer,
    held,
    no_usage,
    structured,
)

pytestmark = pytest.mark.integration

LOOP = ConverseRequest(
    system_prompt="Help the user look at one thought from another side.",
    history=(ChatTurn(role=Role.ASSISTANT, content="What's on your mind?"),
             ChatTurn(role=Role.USER, content="My report was criticised.")),
    guide_questions=("What makes you believe it?", "What would you tell a friend?"),
    closing="Thank you for looking at this.", user_turns=1, min_turns=2, max_turns=5,
)
EXTRACT = ExtractRequest(
    instruction="Classify how the user feels.", text="I'm exhausted and can't switch off.",
    fields=(FieldSpec(name="mood", description="The mood", choices=("calm", "stressed", "low"),
                      default="calm"),
            FieldSpec(name="summary", description="One sentence summary")),
)


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def model(server: FakeOpenAI, timeout: float = 5.0, retries: int = 1,
          calls: InMemoryModelCallLog | None = None) -> OpenAILanguageModel:
    # The production client (aiohttp transport, no SDK retries), as the wiring builds it.
    return OpenAILanguageModel(structured(openai_client("test-key", server.base_url, timeout),
                                          timeout, retries, calls))


async def test_a_loop_turn_sends_prompt_history_and_schema_and_reads_reply_done_and_usage(
        server: FakeOpenAI) -> None:
    server.chat(chat_answer(json.dumps({"reply": "What makes you believe that?", "done": False}),
                            prompt_tokens=321, completion_tokens=17))
    reply = await model(server).converse(LOOP)
    assert (reply.text, reply.done) == ("What makes you believe that?", False)
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (321, 17)
    [sent] = server.requests_to("/v1/chat/completions")
    assert sent.body["model"] == "fake-model"
    assert sent.headers["authorization"] == "Bearer test-key"
    roles = [m["role"] for m in sent.body["messages"]]
    assert roles == ["system", "assistant", "user"]
    system = sent.body["messages"][0]["content"]
    assert "Help the user look at one thought" in system
    assert "What would you tell a friend?" in system
    assert "answered 1 time(s)" in system
    assert "by their answer number 5" in system
    schema = sent.body["response_format"]
    assert schema["type"] == "json_schema"
    assert schema["json_schema"]["strict"] is True
    assert set(schema["json_schema"]["schema"]["required"]) == {"reply", "done"}


async def test_an_opening_turn_has_a_user_cue_and_done_true_is_read(server: FakeOpenAI) -> None:
    server.chat(chat_answer(json.dumps({"reply": "Thank you for looking at this.", "done": True})))
    reply = await model(server).converse(ConverseRequest(system_prompt="Open.", history=()))
    assert reply.done
    [sent] = server.requests_to("/v1/chat/completions")
    assert [m["role"] for m in sent.body["messages"]] == ["system", "user"]


async def test_extraction_sends_choices_as_an_enum_and_returns_the_fields(server: FakeOpenAI) -> None:
    server.chat(chat_answer(json.dumps({"mood": "stressed", "summary": "Tired, can't rest."}),
                            prompt_tokens=80, completion_tokens=9))
    reply = await model(server).extract(EXTRACT)
    assert reply.values == {"mood": "stressed", "summary": "Tired, can't rest."}
    assert reply.usage.total == 89
    [sent] = server.requests_to("/v1/chat/completions")
    properties = sent.body["response_format"]["json_schema"]["schema"]["properties"]
    assert properties["mood"]["enum"] == ["calm", "stressed", "low"]
    assert sent.body["messages"][1] == {"role": "user", "content": EXTRACT.text}


@pytest.mark.parametrize("content", [
    "Sure! Here is my answer.",                  # prose, not JSON
    json.dumps({"reply": "Hi"}),                 # a required field missing
    json.dumps({"reply": "", "done": False}),    # an empty message
    None,                                        # no content at all
])
async def test_a_malformed_loop_answer_twice_is_an_external_service_error(
        server: FakeOpenAI, content: str | None) -> None:
    server.chat(chat_answer(content), chat_answer(content))
    with pytest.raises(ExternalServiceError, match="malformed") as caught:
        await model(server).converse(LOOP)
    assert caught.value.service == "openai"
    assert len(server.requests_to("/v1/chat/completions")) == 2  # asked again once, no more


async def test_an_extracted_choice_outside_the_list_is_malformed(server: FakeOpenAI) -> None:
    server.chat(*[chat_answer(json.dumps({"mood": "ecstatic", "summary": "x"}))] * 2)
    with pytest.raises(ExternalServiceError, match="malformed"):
        await model(server).extract(EXTRACT)


async def test_an_answer_cut_at_the_token_limit_comes_back_marked_cut(server: FakeOpenAI) -> None:
    server.chat(chat_answer('{"reply": "I was saying', finish_reason="length",
                            prompt_tokens=70, completion_tokens=500))
    reply = await model(server).converse(LOOP)
    assert reply.cut
    assert not reply.text
    assert reply.usage == TokenUsage(prompt_tokens=70, completion_tokens=500)


async def test_an_extraction_cut_at_the_token_limit_comes_back_marked_cut(
        server: FakeOpenAI) -> None:
    server.chat(chat_answer('{"mood": "calm", "summary": "no no no no', finish_reason="length"))
    reply = await model(server).extract(EXTRACT)
    assert reply.cut
    assert reply.values == {}


async def test_a_retry_reason_reaches_the_model(server: FakeOpenAI) -> None:
    server.chat(chat_answer(json.dumps({"reply": "What went through your mind?", "done": False})))
    await model(server).converse(replace(LOOP, retry_reason="It asked no question."))
    [sent] = server.requests_to("/v1/chat/completions")
    assert "It asked no question." in sent.body["messages"][0]["content"]


async def test_a_refusal_is_an_error(server: FakeOpenAI) -> None:
    server.chat(chat_answer(None, refusal="I can't help with that."))
    with pytest.raises(ExternalServiceError, match="refused"):
        await model(server).converse(LOOP)


async def test_a_slow_model_times_out_within_the_call_budget(server: FakeOpenAI) -> None:
    server.chat(held(chat_answer('{"reply": "late", "done": false}')))
    with pytest.raises(ExternalServiceError, match="timed out"):
        await model(server, timeout=0.3, retries=0).converse(LOOP)


async def test_429_is_retried_once_then_reported(server: FakeOpenAI) -> None:
    server.chat(error_answer(429, retry_after_ms="10"), error_answer(429, retry_after_ms="10"))
    with pytest.raises(ExternalServiceError, match="429"):
        await model(server, retries=1).converse(LOOP)
    assert len(server.requests_to("/v1/chat/completions")) == 2


async def test_a_429_followed_by_an_answer_succeeds_on_the_retry(server: FakeOpenAI) -> None:
    server.chat(error_answer(429, retry_after_ms="10"),
                chat_answer(json.dumps({"reply": "Here I am.", "done": False})))
    assert (await model(server, retries=1).converse(LOOP)).text == "Here I am."


async def test_500_is_retried_once_then_reported(server: FakeOpenAI) -> None:
    server.chat(error_answer(500, retry_after_ms="10"), error_answer(500, retry_after_ms="10"))
    with pytest.raises(ExternalServiceError, match="HTTP 500"):
        await model(server, retries=1).extract(EXTRACT)
    assert len(server.requests_to("/v1/chat/completions")) == 2


async def test_a_client_error_is_not_retried(server: FakeOpenAI) -> None:
    server.chat(error_answer(400, "bad schema"))
    with pytest.raises(ExternalServiceError, match="HTTP 400"):
        await model(server).converse(LOOP)
    assert len(server.requests_to("/v1/chat/completions")) == 1


@pytest.mark.parametrize("transport", ["production", "SDK default"])
async def test_an_unreachable_server_is_reported(transport: str) -> None:
    http_client = model_http_client() if transport == "production" else None
    client = AsyncOpenAI(api_key="k", base_url="http://127.0.0.1:9/v1", timeout=1, max_retries=0,
                         http_client=http_client)
    calls = InMemoryModelCallLog()
    with pytest.raises(ExternalServiceError, match="unreachable"):
        await OpenAILanguageModel(structured(client, calls=calls)).converse(LOOP)
    assert calls.calls == []  # nothing reached a server: nothing to bill


def test_the_production_client_works_on_each_event_loop_it_meets(server: FakeOpenAI) -> None:
    # aiohttp's session belongs to one loop; the CLI and tests run several in one process.
    server.chat(*(chat_answer(json.dumps({"reply": f"Answer {n}", "done": False}))
                  for n in range(2)))
    client = openai_client("k", server.base_url)
    llm = OpenAILanguageModel(structured(client))
    assert isinstance(client._client._transport, PerLoopAiohttpTransport)
    first = asyncio.run(llm.converse(LOOP))
    second = asyncio.run(llm.converse(LOOP))
    assert (first.text, second.text) == ("Answer 0", "Answer 1")


def test_the_production_client_makes_no_retries_of_its_own() -> None:
    client = openai_client("k", "http://127.0.0.1:1/v1")
    assert client.max_retries == 0  # Bobby retries, and logs it
    assert str(client.base_url) == "http://127.0.0.1:1/v1/"
    calls = OpenAIStructuredCalls(client, "gpt-4.1-mini", InMemoryModelCallLog(), FakeClock(),
                                  timeout_seconds=20, policy=RetryPolicy())
    assert OpenAILanguageModel(calls).name == "openai:gpt-4.1-mini"


def loop_answer(content: str, prompt_tokens: int = 50, completion_tokens: int = 12) -> Scripted:
    return chat_answer(content, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)


GOOD = json.dumps({"reply": "What makes you believe that?", "done": False})
SLOW_CALL = 2.0
"""The per-call budget where a held answer must be cut: long enough that the request always
reaches the fake first (a held answer is never sent in time, so the cut is certain)."""


async def test_a_slow_first_answer_is_cut_and_retried_and_both_attempts_are_counted(
        server: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    calls = InMemoryModelCallLog()
    server.chat(held(loop_answer(GOOD)), loop_answer(GOOD, prompt_tokens=300, completion_tokens=20))
    reply = await model(server, timeout=SLOW_CALL, calls=calls).converse(LOOP)
    assert reply.text == "What makes you believe that?"
    assert len(server.requests_to("/v1/chat/completions")) == 2
    cut, answered = calls.calls
    assert (cut.outcome, cut.estimated, cut.completion_tokens) == ("timed out", True, 0)
    assert cut.prompt_tokens > 100  # about a quarter of the request's characters
    assert (answered.outcome, answered.estimated, answered.prompt_tokens) == ("ok", False, 300)
    # The turn's usage counts the answer thrown away too.
    assert reply.usage.prompt_tokens == cut.prompt_tokens + 300
    [retry] = [r for r in caplog.records if r.getMessage() == "model request retried"]
    assert (retry.__dict__["call"], retry.__dict__["reason"]) == ("converse", "timed out")


@pytest.mark.parametrize(("headers", "wait"), [
    ({"retry_after": "2"}, 2.0), ({"retry_after_ms": "250"}, 0.25),
    ({}, 0.375),  # no word from the server: 0.5 s doubled per retry, jittered (half fixed)
])
async def test_a_429_waits_as_the_server_asks_then_succeeds(
        server: FakeOpenAI, headers: dict[str, str], wait: float) -> None:
    calls, waits = InMemoryModelCallLog(), list[float]()
    server.chat(error_answer(429, **headers), loop_answer(GOOD))
    client = openai_client("k", server.base_url)
    reply = await OpenAILanguageModel(structured(client, calls=calls, waits=waits)).converse(LOOP)
    assert reply.text == "What makes you believe that?"
    assert waits == [wait]
    # A refused request is not billed: counted, at no tokens.
    assert [(c.outcome, c.prompt_tokens, c.estimated) for c in calls.calls] == [
        ("rate limited (429)", 0, False), ("ok", 50, False)]


async def test_a_429_asking_for_longer_than_a_turn_can_wait_is_not_retried(
        server: FakeOpenAI) -> None:
    server.chat(error_answer(429, retry_after="60"), loop_answer(GOOD))
    with pytest.raises(ExternalServiceError, match="429"):
        await model(server).converse(LOOP)
    assert len(server.requests_to("/v1/chat/completions")) == 1


async def test_a_500_is_retried_and_counted_as_estimated(server: FakeOpenAI) -> None:
    calls = InMemoryModelCallLog()
    server.chat(error_answer(500), loop_answer(GOOD))
    assert (await model(server, calls=calls).converse(LOOP)).text == "What makes you believe that?"
    assert [(c.outcome, c.estimated) for c in calls.calls] == [("HTTP 500", True), ("ok", False)]


@pytest.mark.parametrize("content", [
    f"```json\n{GOOD}\n```",                                          # in a code fence
    f"Here is my answer:\n{GOOD}",                                   # after a line of prose
    f"{GOOD}\nI hope this helps.",                                   # prose after it
    json.dumps({"reply": "What makes you believe that?", "done": False, "mood": "calm"}),
])
async def test_an_answer_wrapped_or_with_an_extra_key_is_read_at_once(
        server: FakeOpenAI, content: str) -> None:
    server.chat(loop_answer(content))
    reply = await model(server).converse(LOOP)
    assert (reply.text, reply.done) == ("What makes you believe that?", False)
    assert len(server.requests_to("/v1/chat/completions")) == 1


async def test_a_broken_answer_is_asked_for_again_once_with_the_reason(server: FakeOpenAI) -> None:
    calls = InMemoryModelCallLog()
    server.chat(loop_answer('{"reply": "What makes', prompt_tokens=400, completion_tokens=5),
                loop_answer(GOOD, prompt_tokens=450, completion_tokens=15))
    reply = await model(server, calls=calls).converse(LOOP)
    assert reply.text == "What makes you believe that?"
    first, again = server.requests_to("/v1/chat/completions")
    follow_up = again.body["messages"]
    assert follow_up[:-2] == first.body["messages"]
    assert follow_up[-2] == {"role": "assistant", "content": '{"reply": "What makes'}
    assert follow_up[-1]["role"] == "user"
    assert "no complete JSON object" in follow_up[-1]["content"]
    assert '"done": true or false' in follow_up[-1]["content"]
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (850, 20)
    assert [c.outcome for c in calls.calls] == ["ok", "ok"]


async def test_an_answer_without_usage_is_counted_by_estimate(server: FakeOpenAI) -> None:
    calls = InMemoryModelCallLog()
    server.chat(no_usage(loop_answer(GOOD)))
    reply = await model(server, calls=calls).converse(LOOP)
    [call] = calls.calls
    assert call.estimated
    assert call.prompt_tokens > 100
    assert call.completion_tokens == -(-len(GOOD) // 4)
    assert reply.usage.total == call.prompt_tokens + call.completion_tokens


async def eventually(check: Callable[[], bool], within: float = 10.0) -> None:
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110 - polls state the fake server records
            await asyncio.sleep(0.01)


async def test_an_attempt_cut_by_the_turn_deadline_is_counted(server: FakeOpenAI) -> None:
    calls = InMemoryModelCallLog()
    server.chat(held(loop_answer(GOOD)))
    llm = model(server, timeout=30, calls=calls)
    turn = asyncio.ensure_future(llm.converse(LOOP))
    await eventually(lambda: bool(server.requests_to("/v1/chat/completions")))  # at the server
    turn.cancel()  # what the turn's deadline does
    with pytest.raises(asyncio.CancelledError):
        await turn
    await eventually(lambda: bool(calls.calls))  # recorded from a task of its own
    [call] = calls.calls
    assert (call.outcome, call.estimated) == ("cancelled", True)


async def test_the_prompts_say_the_answers_shape_in_words(server: FakeOpenAI) -> None:
    server.chat(loop_answer(GOOD), chat_answer(json.dumps({"mood": "low", "summary": "Tired."})))
    llm = model(server)
    await llm.converse(LOOP)
    await llm.extract(EXTRACT)
    loop, extraction = (r.body["messages"][0]["content"]
                        for r in server.requests_to("/v1/chat/completions"))
    assert '"reply": a string' in loop
    assert '"done": true or false' in loop
    assert '"mood": one of "calm", "stressed", "low"' in extraction
    assert '"summary": a string' in extraction


def extractions() -> list[tuple[str, LlmExtract]]:
    return [(f"{flow.id}.{step.id}", step) for flow in default_registry().all_latest()
            for step in flow.steps if isinstance(step, LlmExtract)]


@pytest.mark.parametrize(("where", "step"), extractions(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_extractions_schema_takes_the_answer_none_fits(where: str, step: LlmExtract) -> None:
    # The engine keeps a choice field's default when the model gives nothing that fits; the
    # schema must let the model say so (a prompt asking for it cannot contradict the schema).
    schema = extraction_schema(step.fields)
    answer = {f.name: f.default if f.choices else "x" for f in step.fields}
    assert read_answer(json.dumps(answer), schema).model_dump() == answer, where


def test_the_journaling_topic_prompt_asks_for_what_its_schema_allows() -> None:
    [step] = [s for w, s in extractions() if w == "journaling.match_topic"]
    schema = extraction_schema(step.fields)
    enum = schema.model_json_schema()["properties"]["topic_choice"]["enum"]
    assert len(enum) == 17
    assert enum[-1] == ""
    assert 'empty string ("")' in step.instruction
    assert 'one of "Self-Care"' in extract_system_prompt(
        ExtractRequest(instruction=step.instruction, text="x", fields=step.fields), schema)
