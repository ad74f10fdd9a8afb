from dataclasses import replace

import pytest

from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import ChatTurn, ConversationState, Frame, Role, TokenUsage
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, stored_user


def _mid_exercise(state: ConversationState) -> ConversationState:
    return replace(
        state,
        stack=(Frame(flow_id="reflect", version=1, step_id="socratic"),
               Frame(flow_id="feedback", version=2, step_id="ask", rephrased=True)),
        variables={"event": "A hard day", "score": 4, "ok": True, "ratio": 0.5,
                   "talk": [{"role": "user", "content": "é ✓ \U0001f60a"}], "none": None},
        llm_history=(ChatTurn(role=Role.ASSISTANT, content="What happened?"),
                     ChatTurn(role=Role.USER, content="Too much")),
        started_at=T0, last_activity_at=T0, result_saved=True, after_consent="burnout",
        usage=TokenUsage(prompt_tokens=120, completion_tokens=30))


async def test_there_is_no_state_before_the_first_turn(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    async with uow() as work:
        assert await work.conversations.get(user.id) is None


async def test_saving_bumps_the_version_and_round_trips_every_field(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    state = _mid_exercise(ConversationState(user_id=user.id))
    async with uow() as work:
        saved = await work.conversations.save(state)
        await work.commit()
    assert saved == replace(state, version=1)
    async with uow() as work:
        loaded = await work.conversations.get(user.id)
        assert loaded == saved
        assert loaded is not None
        again = await work.conversations.save(loaded.idle(T0))
        await work.commit()
    async with uow() as work:
        assert await work.conversations.get(user.id) == again
    assert again.version == 2
    assert not again.active


async def test_a_stale_version_is_refused(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    async with uow() as work:
        first = await work.conversations.save(ConversationState(user_id=user.id))
        await work.commit()
    async with uow() as work:
        with pytest.raises(ConcurrentUpdateError):
            await work.conversations.save(ConversationState(user_id=user.id))  # version 0 again
    async with uow() as work:
        with pytest.raises(ConcurrentUpdateError):
            await work.conversations.save(replace(first, version=5))


async def test_two_writers_of_the_same_version_one_loses(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    async with uow() as work:
        base = await work.conversations.save(ConversationState(user_id=user.id))
        await work.commit()
    async with uow() as work:
        await work.conversations.save(_mid_exercise(base))
        await work.commit()
    async with uow() as work:
        with pytest.raises(ConcurrentUpdateError):
            await work.conversations.save(base.idle(T0))  # read before the other save
    async with uow() as work:
        stored = await work.conversations.get(user.id)
    assert stored is not None
    assert stored.version == 2
    assert stored.active


async def test_a_row_saved_before_typed_bookkeeping_is_read_into_its_fields(
        uow: UnitOfWorkFactory) -> None:
    if isinstance(uow, InMemoryUnitOfWorkFactory):
        pytest.skip("only stored rows predate migration 0012")
    user = await stored_user(uow)
    # What the engine kept in the variables before: written as such, as an old row holds it.
    old = replace(ConversationState(user_id=user.id),
                  stack=(Frame(flow_id="burnout", version=1, step_id="item_03"),),
                  variables={"item_01": 3, "_result_saved": True, "_after_consent": "burnout",
                             "_usage_prompt": 200, "_usage_completion": 10})
    async with uow() as work:
        await work.conversations.save(old)
        await work.commit()
    async with uow() as work:
        loaded = await work.conversations.get(user.id)
        assert loaded is not None
        assert loaded.variables == {"item_01": 3}
        assert (loaded.result_saved, loaded.after_consent) == (True, "burnout")
        assert loaded.usage == TokenUsage(prompt_tokens=200, completion_tokens=10)
        await work.conversations.save(loaded)  # written clean
        await work.commit()
    async with uow() as work:
        again = await work.conversations.get(user.id)
    assert again is not None
    assert (again.variables, again.result_saved, again.usage) == (
        {"item_01": 3}, True, TokenUsage(prompt_tokens=200, completion_tokens=10))
