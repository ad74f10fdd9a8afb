"""Random but well-formed replies carry every exercise to its end; random noise never strands a
user: every turn answers, and `menu` always leaves."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bobby_core.engine.global_words import GlobalWord, global_word
from bobby_core.engine.steps import Ask, Choice, FreeText, LlmLoop, Name, NumberRange, YesNo
from bobby_core.flows import default_registry
from bobby_core.safety.guard_events import GuardKind
from tests.unit.harness import Bobby

EXERCISES = [flow.menu_key for flow in default_registry().exercises()]
SENTENCES = st.sampled_from([
    "My manager keeps adding work to my plate without asking",
    "I feel like I should be able to handle all of it on my own",
    "Maybe I could ask for help with the planning part",
    "I'd tell a friend that they are doing their best",
    "I would like to finish the report by Friday afternoon",
    "I don't know",
])
LEAVING = frozenset({GlobalWord.STOP, GlobalWord.DELETE})
NOISE = st.one_of(SENTENCES, st.sampled_from(["yes", "no", "3", "ok", "skip", "10", "free style",
                                              "change topic", "", "?"]), st.text(max_size=30)
                  ).filter(lambda text: global_word(text) not in LEAVING)
"""Noise, not a wish: `stop` and `delete my data` (in any spelling) end the talk on purpose, so
a `menu` after them rightly gets no menu; their own tests cover them."""
MAX_TURNS = 120
QUICK = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def well_formed(data: st.DataObject, bobby: Bobby) -> str:
    """A reply the waiting step accepts, chosen at random among the valid ones."""
    step = bobby.conversation.engine.current_step(bobby.state())
    if isinstance(step, Ask):
        expect = step.expect
        if isinstance(expect, YesNo):
            return data.draw(st.sampled_from(["yes", "Yep", "no", "nope"]))
        if isinstance(expect, NumberRange):
            return str(data.draw(st.integers(min_value=expect.low, max_value=expect.high)))
        if isinstance(expect, Name):
            return "Sam"
        if isinstance(expect, Choice):
            return data.draw(st.sampled_from([o.key for o in expect.options]))
        if isinstance(expect, FreeText):
            return data.draw(SENTENCES.filter(lambda s: len(s) >= expect.min_chars))
    assert isinstance(step, LlmLoop), f"waiting on a step that cannot wait: {step}"
    return data.draw(SENTENCES)


@pytest.mark.parametrize("key", EXERCISES)
@QUICK
@given(data=st.data())
async def test_well_formed_replies_finish_every_exercise(key: str, data: st.DataObject) -> None:
    bobby = Bobby()
    await bobby.consented()
    result = await bobby.send(key)
    for _ in range(MAX_TURNS):
        assert result.replies
        if not bobby.state().active:
            break
        result = await bobby.send(well_formed(data, bobby))
    assert not bobby.state().active, f"exercise {key} did not end in {MAX_TURNS} turns"
    assert any(r.status.value == "finished" for r in bobby.results())
    # The reply guard lets the offline model's loop replies through. (An extraction of the
    # user's own words may be refused: a summary of one sentence given three times repeats.)
    loops = {s.id for s in bobby.registry.latest(bobby.results()[-1].flow_id).steps
             if isinstance(s, LlmLoop)}
    assert [(e.step_id, e.kind) for e in bobby.store.guard_events.values()
            if e.step_id in loops and e.kind is not GuardKind.EARLY_DONE] == []


@pytest.mark.parametrize("key", EXERCISES)
@QUICK
@given(replies=st.lists(NOISE, max_size=25))
async def test_noise_always_gets_an_answer_and_menu_always_leaves(key: str,
                                                                  replies: list[str]) -> None:
    bobby = Bobby()
    await bobby.consented()
    for text in [key, *replies]:
        result = await bobby.send(text)
        assert result.replies, f"no answer to {text!r}"
    assert bobby.texts.menu_header in await bobby.say("menu")
    assert not bobby.state().active
