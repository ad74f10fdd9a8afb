"""A model that misbehaves on purpose, over real HTTP through the real pipeline (inbox, queued
turn, the OpenAI adapter, the engine, the outbox): a hurtful reply, a "done" too early, runaway
repetition cut at the token limit, and a reply the moderation endpoint flags. Nothing of it
reaches the user; each decision is stored and counted."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from injector import Module, provider, singleton
from openai import AsyncOpenAI

from bobby_adapters.openai_llm import OpenAILanguageModel
from bobby_adapters.openai_screener import REPLY_CATEGORIES, OpenAIModerationScreener
from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_core.engine.steps import LlmLoop
from bobby_core.safety.guard_events import GuardAction, GuardKind
from bobby_core.safety.reply_guard import ReplyModeration
from bobby_core.safety.reply_rules import shipped_rules
from tests.integration.fake_openai import (
    FakeOpenAI,
    Scripted,
    chat_answer,
    moderation_answer,
    structured,
)
from tests.unit.harness import Bobby

pytestmark = pytest.mark.integration

RUNAWAY = "You're just a lie. " * 200


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def client(server: FakeOpenAI) -> AsyncOpenAI:
    return AsyncOpenAI(api_key="k", base_url=server.base_url, timeout=5, max_retries=0)


class _ReplyModeration(Module):
    def __init__(self, server: FakeOpenAI) -> None:
        self._server = server

    @singleton
    @provider
    def moderation(self) -> ReplyModeration:
        return ReplyModeration(OpenAIModerationScreener(client(self._server), threshold=0.5,
                                                        also=REPLY_CATEGORIES))


def bobby_on(server: FakeOpenAI, *, moderated: bool = False) -> Bobby:
    overrides = (_ReplyModeration(server),) if moderated else ()
    return Bobby(llm=OpenAILanguageModel(structured(client(server), retries=0)),
                 overrides=overrides)


def loop(reply: str, done: bool = False) -> Scripted:
    return chat_answer(json.dumps({"reply": reply, "done": done}))


def cut(partial: str) -> Scripted:
    return chat_answer(json.dumps({"reply": partial, "done": False})[:-30],
                       completion_tokens=500, finish_reason="length")


def system_prompt(server: FakeOpenAI, index: int) -> str:
    return str(server.requests_to("/v1/chat/completions")[index].body["messages"][0]["content"])


async def test_a_misbehaving_model_never_reaches_the_user(server: FakeOpenAI) -> None:
    bobby = bobby_on(server)
    await bobby.consented()
    await bobby.say("2")
    server.chat(loop("What goes through your mind when you think about it?"))
    await bobby.say("My manager criticised my report today")

    # A hurtful reply is asked for again, with the reason; only the second is sent.
    server.chat(loop("Actually, it's a lie. You're not doing well enough."),
                loop("What do you tell yourself about it?"))
    assert await bobby.say("I always get things wrong") == "What do you tell yourself about it?"
    assert shipped_rules().reason(GuardKind.BLAME) in system_prompt(server, -1)

    # The belief loop closes (min_turns 1), its belief is extracted, the Socratic loop opens.
    server.chat(loop("Thank you, that helps me see it.", done=True),
                chat_answer(json.dumps({"belief": "I always get things wrong"})),
                loop("What makes you believe that thought is true?"))
    await bobby.say("That I'm useless at my job")
    assert bobby.at() == ("reflect", "socratic_loop")

    # "Done" after one answer of a loop that needs two: the engine asks its next question.
    server.chat(loop("Great, we're done here.", done=True))
    calls = len(server.requests_to("/v1/chat/completions"))
    reply = await bobby.say("I did get good feedback last month though")
    assert reply == bobby.question("reflect", "socratic_loop", 2)
    assert bobby.at() == ("reflect", "socratic_loop")
    assert len(server.requests_to("/v1/chat/completions")) == calls + 1

    # Runaway repetition cut at the token limit, twice: the step's fallback is said.
    server.chat(cut(RUNAWAY), cut(RUNAWAY))
    reply = await bobby.say("I'd tell a friend one mistake doesn't define them")
    step = bobby.registry.latest("reflect").step("socratic_loop")
    assert isinstance(step, LlmLoop)
    assert reply == step.fallback
    assert shipped_rules().reason(GuardKind.CUT) in system_prompt(server, -1)

    sent = "\n".join(m.body for m in bobby.messenger.sent)
    assert "lie" not in sent.replace("believe", "")
    assert "done here" not in sent
    assert [(e.step_id, e.kind, e.action) for e in bobby.store.guard_events.values()] == [
        ("belief_loop", GuardKind.BLAME, GuardAction.REGENERATED),
        ("socratic_loop", GuardKind.EARLY_DONE, GuardAction.CONTINUED),
        ("socratic_loop", GuardKind.CUT, GuardAction.REGENERATED),
        ("socratic_loop", GuardKind.CUT, GuardAction.FALLBACK)]
    metrics = bobby.container.get(PrometheusMetrics).registry
    assert metrics.get_sample_value("bobby_reply_guard_total", {
        "kind": "cut", "action": "fallback", "flow": "reflect", "step": "socratic_loop"}) == 1
    # The cut answers' tokens were billed, so they count.
    assert bobby.state().usage.completion_tokens >= 1000


async def test_the_moderation_endpoint_screens_bobbys_reply(server: FakeOpenAI) -> None:
    bobby = bobby_on(server, moderated=True)
    await bobby.consented()
    await bobby.say("2")
    server.chat(loop("What goes through your mind when you think about it?"),
                loop("Why would anyone listen to you, honestly?"),
                loop("What do you tell yourself about it?"))
    server.moderations(moderation_answer(), moderation_answer({"harassment": 0.93}),
                       moderation_answer())
    await bobby.say("My manager criticised my report today")
    assert await bobby.say("I always get things wrong") == "What do you tell yourself about it?"
    screened = [r.body["input"] for r in server.requests_to("/v1/moderations")]
    assert screened[1] == "Why would anyone listen to you, honestly?"
    assert [e.kind for e in bobby.store.guard_events.values()] == [GuardKind.MODERATION]
