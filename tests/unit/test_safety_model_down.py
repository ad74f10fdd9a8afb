import asyncio

from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import Direction
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import DownLanguageModel, RecordingLanguageModel


async def at_belief_loop(bobby: Bobby) -> None:
    await bobby.consented()
    await bobby.say("2")


async def test_a_model_that_is_down_gets_a_kind_reply_and_leaves_the_step_as_it_was() -> None:
    llm = DownLanguageModel(down=False)
    bobby = Bobby(llm=llm)
    await at_belief_loop(bobby)
    before = bobby.state()
    llm.down = True
    result = await bobby.send("My manager criticised my report today", sid="SM1")
    assert result.model_unavailable
    assert [r.body for r in result.replies] == [bobby.registry.texts.model_down]
    assert bobby.state() == before
    [inbound] = [m for m in bobby.store.messages.values() if m.provider_message_id == "SM1"]
    assert inbound.body == "My manager criticised my report today"
    [kind] = [m for m in bobby.store.messages.values() if m.body == bobby.registry.texts.model_down]
    assert kind.direction is Direction.OUTBOUND
    assert kind.in_reply_to == inbound.id  # a reply to that message, like any other
    # The kind reply went out once, through the outbox.
    assert [s.body for s in bobby.messenger.sent].count(bobby.registry.texts.model_down) == 1


async def test_once_the_model_is_back_the_exercise_continues_at_the_same_step() -> None:
    llm = DownLanguageModel(down=False)
    bobby = Bobby(llm=llm)
    await at_belief_loop(bobby)
    llm.down = True
    await bobby.send("My manager criticised my report today", sid="SM1")
    llm.down = False
    result = await bobby.send("My manager criticised my report today", sid="SM2")
    assert not result.model_unavailable
    assert bobby.question("reflect", "belief_loop", 1) in result.replies[0].body
    assert bobby.state().variables["event"] == "My manager criticised my report today"
    # A provider retry of a stored message id is one inbound message, never a second turn.
    again = await bobby.send("My manager criticised my report today", sid="SM2")
    assert again.duplicate
    assert len([m for m in bobby.store.messages.values() if m.provider_message_id == "SM2"]) == 1


class _SlowLanguageModel(RecordingLanguageModel):
    async def converse(self, request: ConverseRequest) -> ConverseReply:
        await asyncio.sleep(5)
        return await super().converse(request)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        await asyncio.sleep(5)
        return await super().extract(request)


async def test_a_turn_past_its_deadline_is_given_up_with_the_kind_reply() -> None:
    bobby = Bobby(llm=_SlowLanguageModel(), deadline_seconds=0.05)
    await at_belief_loop(bobby)
    before = bobby.state()
    result = await bobby.send("My manager criticised my report today")
    assert result.model_unavailable
    assert result.replies[0].body == bobby.registry.texts.model_down
    assert bobby.state() == before
    # Nothing waits behind the given-up turn: the next message is handled at once.
    assert "Samaritans" in await asyncio.wait_for(bobby.say("I want to kill myself"), 1)


async def test_token_usage_is_reported_per_turn_and_stored_per_exercise() -> None:
    llm = RecordingLanguageModel()
    bobby = Bobby(llm=llm)
    await bobby.consented()
    await bobby.say("2")
    result = await bobby.send("My manager criticised my report today", sid="SMusage1")
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (100, 20)
    inbound = next(m for m in bobby.store.messages.values() if m.provider_message_id == "SMusage1")
    assert (inbound.prompt_tokens, inbound.completion_tokens) == (100, 20)
    for text in ["I always get things wrong and everyone notices",
                 "I did get good feedback last month though",
                 "I'd tell a friend one mistake doesn't define them",
                 "Maybe he was simply stressed, not angry at me", "4"]:
        await bobby.say(text)
    calls = len(llm.converse_requests) + len(llm.extract_requests)
    [saved] = bobby.results()
    assert saved.fields["token_usage"] == {"prompt_tokens": 100 * calls, "completion_tokens": 20 * calls}


async def test_an_offline_exercise_stores_no_token_usage() -> None:
    bobby = Bobby()
    await bobby.consented()
    for text in ["2", "My manager criticised my report today",
                 "I always get things wrong and everyone notices",
                 "I did get good feedback last month though",
                 "I'd tell a friend one mistake doesn't define them",
                 "Maybe he was simply stressed, not angry at me", "4"]:
        await bobby.say(text)
    assert "token_usage" not in bobby.results()[0].fields


async def test_an_abandoned_exercise_keeps_the_tokens_it_used() -> None:
    llm = RecordingLanguageModel()
    bobby = Bobby(llm=llm)
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("My manager criticised my report today")
    await bobby.say("menu")
    [abandoned] = bobby.results()
    assert abandoned.fields["token_usage"] == {"prompt_tokens": 100, "completion_tokens": 20}
