from hypothesis import given
from hypothesis import strategies as st

from bobby_core.engine.context import MAX_CONTEXT_CHARS, MAX_CONTEXT_TURNS, bounded_history
from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import End, LlmLoop
from bobby_core.flows import default_registry
from bobby_core.llm import ConverseReply, ConverseRequest
from bobby_core.model import ChatTurn, Role
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import RecordingLanguageModel


def _talk(lengths: list[int]) -> tuple[ChatTurn, ...]:
    roles = (Role.ASSISTANT, Role.USER)
    return tuple(ChatTurn(role=roles[i % 2], content=f"{i}:" + "x" * n) for i, n in enumerate(lengths))


@given(st.lists(st.integers(min_value=0, max_value=3000), max_size=60))
def test_the_context_is_a_bounded_suffix_that_keeps_the_newest_turn(lengths: list[int]) -> None:
    history = _talk(lengths)
    kept = bounded_history(history)
    assert len(kept) <= MAX_CONTEXT_TURNS
    assert sum(len(t.content) for t in kept) <= MAX_CONTEXT_CHARS
    if history:
        assert kept[-1].content == history[-1].content
        assert kept == history[len(history) - len(kept):]


def test_a_newest_turn_longer_than_the_budget_is_cut_not_dropped() -> None:
    huge = ChatTurn(role=Role.USER, content="y" * 10_000)
    [kept] = bounded_history((ChatTurn(role=Role.ASSISTANT, content="hello"), huge))
    assert kept.role is Role.USER
    assert len(kept.content) == MAX_CONTEXT_CHARS


def test_a_short_talk_is_sent_whole() -> None:
    history = _talk([10, 20, 30])
    assert bounded_history(history) == history


class _NeverDone(RecordingLanguageModel):
    async def converse(self, request: ConverseRequest) -> ConverseReply:
        self.converse_requests.append(request)
        text = ("Tell me more about that, please. What happened next, and how did it feel when "
                "you noticed it? Take your time with it, there is no hurry at all here.")
        return ConverseReply(text=text, done=False, usage=self.usage)


LONG_TALK = Flow(id="long_talk", version=1, title="Long talk", menu_key="42", steps=(
    LlmLoop(id="talk", prompt="Listen.", save_as="talk", min_turns=1, max_turns=60),
    End(id="done"),
))


async def test_a_forty_turn_loop_never_sends_more_than_the_budget() -> None:
    registry = default_registry()
    registry.add(LONG_TALK)
    llm = _NeverDone()
    bobby = Bobby(llm=llm, registry=registry)
    await bobby.consented()
    await bobby.say("42")
    for n in range(40):
        await bobby.say(f"Turn {n}: " + "something that happened today and how it felt. " * 8)
    sizes = [sum(len(t.content) for t in r.history) for r in llm.converse_requests]
    assert len(sizes) == 41
    assert max(sizes) <= MAX_CONTEXT_CHARS
    assert max(len(r.history) for r in llm.converse_requests) <= MAX_CONTEXT_TURNS
    last = llm.converse_requests[-1]
    assert last.user_turns == 40  # the counters still see the whole loop
    assert last.history[-1].content.startswith("Turn 39:")
    assert len(bobby.state().llm_history) == 81  # the stored talk is whole; only the request is cut
