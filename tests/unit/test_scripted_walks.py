"""Every exercise walked with the offline model through the same path a WhatsApp message takes
(inbox, queued turn, outbox), with the answers people really give: "I don't know", "no",
"that's it", one word. No question is sent twice in a row, no model loop ends on a question
nobody waits for, and after a deletion only its confirmation is sent (issue 17)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from bobby_core.engine.steps import Ask, Choice, FreeText, LlmLoop, Name, NumberRange, YesNo
from bobby_core.flows import default_registry
from bobby_core.safety.guard_events import GuardKind
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import NeverDoneLanguageModel

EXERCISES = [flow.menu_key or "" for flow in default_registry().exercises()]
LOOP_ANSWERS = ("I don't know", "My manager keeps adding work to my plate", "no", "That's it.",
                "Sam", "I could ask for help with the planning", "nothing", "I'm done")
MAX_TURNS = 150


def scripted(bobby: Bobby, n: int) -> str:
    """The n-th reply: valid for an Ask, one of the everyday answers for a model loop."""
    step = bobby.conversation.engine.current_step(bobby.state())
    if isinstance(step, Ask):
        expect = step.expect
        if isinstance(expect, YesNo):
            # Not in step with the free-text answers: a user who declines every suggestion
            # they are given by always writing the same words would never finish.
            return ("yes", "no")[(n // 2) % 2]
        if isinstance(expect, NumberRange):
            return str(expect.low + n % (expect.high - expect.low + 1))
        if isinstance(expect, Name):
            return "Sam"
        if isinstance(expect, Choice):
            return expect.options[n % len(expect.options)].key
        assert isinstance(expect, FreeText)
        return ("I had a hard conversation with my manager today", "skip")[n % 2]
    assert isinstance(step, LlmLoop), step
    return LOOP_ANSWERS[n % len(LOOP_ANSWERS)]


def transcripts(value: Any) -> list[list[dict[str, str]]]:
    if isinstance(value, list) and value and all(isinstance(t, dict) and "role" in t for t in value):
        return [value]
    return []


@pytest.mark.parametrize("key", EXERCISES)
@pytest.mark.parametrize("offset", [0, 1, 3])
@pytest.mark.parametrize("model", ["offline", "never-done"])
async def test_every_exercise_walks_without_repeats_or_open_questions(key: str, offset: int,
                                                                      model: str) -> None:
    # The never-done model keeps asking, so every loop runs into its turn limit.
    bobby = Bobby(llm=NeverDoneLanguageModel()) if model == "never-done" else Bobby()
    await bobby.consented()
    await bobby.say(key)
    for n in itertools.count(offset):
        if not bobby.state().active or n - offset > MAX_TURNS:
            break
        await bobby.say(scripted(bobby, n))
    assert not bobby.state().active, f"exercise {key} did not end"
    if model == "offline":  # the reply guard lets the offline model's everyday replies through
        # (a "done" before min_turns, after "no" to the follow-ups, is the engine's to overrule)
        assert [(e.step_id, e.kind) for e in bobby.store.guard_events.values()
                if e.kind is not GuardKind.EARLY_DONE] == []
    sent = [m.body for m in bobby.messenger.sent]
    for before, after in itertools.pairwise(sent):
        assert not (before == after and "?" in after), f"asked twice in a row: {after!r}"
    for result in bobby.results():
        for talk in (t for v in result.fields.values() for t in transcripts(v)):
            said = [t["content"] for t in talk if t["role"] == "assistant"]
            assert not said[-1].rstrip(" 💙💛💪🌱🙌").endswith("?"), (result.flow_id, said[-1])


@pytest.mark.parametrize("key", EXERCISES)
@pytest.mark.parametrize("turns", [1, 3])
async def test_nothing_follows_a_deletion_in_any_exercise(key: str, turns: int) -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say(key)
    for n in range(turns):
        if bobby.state().active:
            await bobby.say(scripted(bobby, n))
    await bobby.say("delete my data")
    bobby.messenger.sent.clear()
    replies = (await bobby.send("yes")).replies
    assert len(replies) == 1
    assert replies[0].body == bobby.text("delete_data", "erased")
    assert [m.body for m in bobby.messenger.sent] == [replies[0].body]
    assert not bobby.store.users
