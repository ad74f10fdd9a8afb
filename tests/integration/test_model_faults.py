"""The model fails in every way a provider fails, through the whole pipeline (webhook, queue,
worker, outbox), then comes back.

The decision on main (use_cases/run_turns.py): a turn whose model is down or too slow is given
up with the kind reply, the exercise stays at its step, and nothing retries the message behind
the user's back (a retry waiting in the queue would hold up the user's later messages, a
crisis among them). So each fault costs the user one resend, never a lost or doubled reply."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator

import pytest
from injector import Injector
from litestar import Litestar
from litestar.testing import TestClient

from bobby_adapters.memory_model_calls import InMemoryModelCallLog
from bobby_adapters.prometheus_metrics import MeasuredModelCallLog, PrometheusMetrics
from bobby_core.engine.system_texts import shipped_texts
from bobby_core.model import ConversationState, Direction
from bobby_core.ports.usage import ModelCallLog
from tests.integration.fake_openai import FakeOpenAI, Scripted, chat_answer, error_answer, held
from tests.integration.http_support import PUBLIC, TOKEN, say, sent_by, sids, store_of, wire
from tests.integration.pipeline_support import wait_for_sends

MODEL_DOWN = shipped_texts().model_down
pytestmark = pytest.mark.integration

EVENT = "My manager criticised my report today"
CALL_TIMEOUT = 2.0
"""Long enough that a request always reaches the fake before it is cut, on a busy machine too
(a held answer is never sent in time, so the cut itself is certain)."""
TRIES = 2
"""Bobby tries a timeout, a 429 and a 500 this many times in all (MODEL_RETRIES=1) before the
turn sees it; an unreadable answer is asked for twice."""


def loop_answer(reply: str, done: bool = False) -> Scripted:
    return chat_answer(json.dumps({"reply": reply, "done": done}))


FAULTS: dict[str, list[Scripted]] = {
    "timeout": [held(loop_answer("too late"))] * TRIES,
    "429": [error_answer(429, "slow down", retry_after_ms="10")] * TRIES,
    "500": [error_answer(500, retry_after_ms="10")] * TRIES,
    "malformed JSON": [chat_answer('{"reply": "half an answ')] * 2,
    "schema-violating object": [chat_answer(json.dumps({"reply": 42, "finished": "maybe"}))] * 2,
    "no content": [chat_answer(None)] * 2,
}


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def unreachable(client: TestClient[Litestar], model: FakeOpenAI, ids: Iterator[str]) -> FakeOpenAI:
    """The model's server is gone (connection refused) for one message, then back on its port."""
    model.__exit__(None, None, None)
    assert tell(client, EVENT, next(ids)) == MODEL_DOWN
    back = FakeOpenAI(model.port).__enter__()
    back.received = model.received  # one count of calls across both lives of the server
    return back


def app_on(model: FakeOpenAI) -> tuple[Litestar, Injector]:
    return wire(TOKEN, PUBLIC, "dev", openai_api_key="k", openai_base_url=model.base_url,
                model_call_timeout_seconds=CALL_TIMEOUT, openai_moderation=False,
                openai_risk_check=False)


def tell(client: TestClient[Litestar], text: str, sid: str) -> str:
    """Like `say`, and the kind reply counts too: it answers no step, so it is linked to no
    message (in_reply_to is None); what is new in the outbox once the turn ran is the answer."""
    store = store_of(client.app.state.test_container)
    known = set(store.messages)
    linked = say(client, text, sid)
    new = [m for k, m in list(store.messages.items()) if k not in known
           and m.direction is Direction.OUTBOUND and m.in_reply_to is None]
    wait_for_sends(store, new)
    return "\n".join([linked, *(m.body for m in new)]).strip()


def state_of(container: Injector) -> ConversationState:
    [state] = store_of(container).conversations.values()
    return state


def where(state: ConversationState) -> tuple[object, ...]:
    return (state.stack, state.variables, state.llm_history)


def test_every_model_fault_gets_the_kind_reply_once_and_the_step_waits_for_the_model(
        model: FakeOpenAI) -> None:
    app, container = app_on(model)
    ids = sids()
    with TestClient(app) as client:
        for text in ("hi", "yes", "2"):
            say(client, text, next(ids))
        before = state_of(container)
        for name, answers in FAULTS.items():
            model.chat(*answers)
            said = tell(client, EVENT, next(ids))
            assert said == MODEL_DOWN, name
            assert where(state_of(container)) == where(before), name
            assert not model.scripts["chat"], f"{name}: not every scripted answer was used"
        model = unreachable(client, model, ids)
        assert where(state_of(container)) == where(before)
        model.chat(loop_answer("What goes through your mind about it?"))
        assert say(client, EVENT, next(ids)) == "What goes through your mind about it?"
        model.chat(loop_answer("What makes you believe that?"))
        assert say(client, "That I am useless", next(ids)) == "What makes you believe that?"
        model.__exit__(None, None, None)
    after = state_of(container)
    # The step that waited took the event when the model came back; the exercise went on.
    assert after.stack != before.stack
    assert [f.flow_id for f in after.stack] == [f.flow_id for f in before.stack]
    assert [t.content for t in after.llm_history if t.role == "user"] == ["That I am useless"]
    calls = sum(len(a) for a in FAULTS.values()) + 2
    assert len(model.requests_to("/v1/chat/completions")) == calls  # no hidden retry
    store = store_of(container)
    inbound = [m for m in store.messages.values() if m.direction is Direction.INBOUND]
    replies = [m for m in store.messages.values() if m.direction is Direction.OUTBOUND]
    assert all(m.handled_at is not None for m in inbound)  # nothing lost
    assert len([r for r in replies if r.body == MODEL_DOWN]) == len(FAULTS) + 1
    assert sorted(s.body for s in sent_by(container).sent) == sorted(r.body for r in replies)
    # Every attempt that reached the server is counted for the cost, the failed ones too.
    measured = container.get(ModelCallLog)
    assert isinstance(measured, MeasuredModelCallLog)
    ledger = measured.inner
    assert isinstance(ledger, InMemoryModelCallLog)
    outcomes = Counter((c.outcome, c.estimated) for c in ledger.calls)
    assert outcomes == {("timed out", True): TRIES, ("rate limited (429)", False): TRIES,
                        ("HTTP 500", True): TRIES, ("ok", False): 6 + 2}
    assert all(c.prompt_tokens > 0 for c in ledger.calls if c.outcome != "rate limited (429)")
    # And /metrics counts them (a retry shows as a failed outcome).
    metrics = asyncio.run(container.get(PrometheusMetrics).exposition()).decode()
    assert ('bobby_model_attempts_total{call="converse",estimated="true",outcome="timed out"} '
            f"{float(TRIES)}") in metrics
