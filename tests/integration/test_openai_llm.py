import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from openai import AsyncOpenAI

from bobby_adapters.openai_llm import OpenAILanguageModel, openai_client
from bobby_adapters.openai_transport import PerLoopAiohttpTransport, model_http_client
from bobby_core.errors import ExternalServiceError
from bobby_core.llm import ConverseRequest, ExtractRequest, FieldSpec
from bobby_core.model import ChatTurn, Role, TokenUsage
from tests.integration.fake_openai import FakeOpenAI, Scripted, chat_answer, error_answer

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


def model(server: FakeOpenAI, timeout: float = 5.0, retries: int = 1) -> OpenAILanguageModel:
    # The production transport (aiohttp, one per event loop), as openai_client() builds it.
    client = AsyncOpenAI(api_key="test-key", base_url=server.base_url, timeout=timeout,
                         max_retries=retries, http_client=model_http_client())
    return OpenAILanguageModel(client, "fake-model")


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
async def test_a_malformed_loop_answer_is_an_external_service_error(
        server: FakeOpenAI, content: str | None) -> None:
    server.chat(chat_answer(content))
    with pytest.raises(ExternalServiceError) as caught:
        await model(server).converse(LOOP)
    assert caught.value.service == "openai"


async def test_an_extracted_choice_outside_the_list_is_malformed(server: FakeOpenAI) -> None:
    server.chat(chat_answer(json.dumps({"mood": "ecstatic", "summary": "x"})))
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
    server.chat(Scripted(delay=3.0, body=chat_answer('{"reply": "late", "done": false}').body))
    started = time.monotonic()
    with pytest.raises(ExternalServiceError, match="timed out"):
        await model(server, timeout=0.3, retries=0).converse(LOOP)
    assert time.monotonic() - started < 2.0


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
    with pytest.raises(ExternalServiceError, match="unreachable"):
        await OpenAILanguageModel(client, "m").converse(LOOP)


def test_the_production_client_works_on_each_event_loop_it_meets(server: FakeOpenAI) -> None:
    # aiohttp's session belongs to one loop; the CLI and tests run several in one process.
    server.chat(*(chat_answer(json.dumps({"reply": f"Answer {n}", "done": False}))
                  for n in range(2)))
    client = openai_client("k", server.base_url)
    llm = OpenAILanguageModel(client, "m")
    assert isinstance(client._client._transport, PerLoopAiohttpTransport)
    first = asyncio.run(llm.converse(LOOP))
    second = asyncio.run(llm.converse(LOOP))
    assert (first.text, second.text) == ("Answer 0", "Answer 1")


def test_the_production_client_bounds_time_and_retries() -> None:
    client = openai_client("k", "http://127.0.0.1:1/v1")
    assert client.max_retries == 1
    assert str(client.base_url) == "http://127.0.0.1:1/v1/"
    assert OpenAILanguageModel(client, "gpt-4.1-mini").name == "openai:gpt-4.1-mini"
