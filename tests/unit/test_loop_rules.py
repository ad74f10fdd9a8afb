"""The engine keeps a loop's rules, whatever the model says: no close before `min_turns`
answers, no model call at `max_turns`, and an answer cut at the token limit is never sent."""

from __future__ import annotations

from bobby_core.llm import ConverseReply, ConverseRequest
from bobby_core.safety.guard_events import GuardAction, GuardKind
from bobby_core.safety.reply_rules import shipped_rules
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import ScriptedLanguageModel

RUNAWAY = "You're just a lie. " * 40


def at_step(bobby: Bobby, step_id: str, answered: int | None = None):  # type: ignore[no-untyped-def]
    """A condition on a request: it is for reflect's `step_id` (after `answered` replies)."""
    closing = bobby.closing("reflect", step_id)

    def holds(request: ConverseRequest) -> bool:
        return request.closing == closing and answered in {None, request.user_turns}
    return holds


async def to_socratic(bobby: Bobby) -> None:
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("My manager criticised my report today")
    await bobby.say("I always get things wrong and everyone notices")
    assert bobby.at() == ("reflect", "socratic_loop")


def guard_events(bobby: Bobby) -> list[tuple[str, GuardKind, GuardAction]]:
    return [(e.step_id, e.kind, e.action) for e in bobby.store.guard_events.values()]


async def test_a_done_before_min_turns_goes_on_with_the_next_guide_question() -> None:
    llm = ScriptedLanguageModel(answers=[ConverseReply(text="Great, we're done here.", done=True)])
    bobby = Bobby(llm=llm)
    llm.when = at_step(bobby, "socratic_loop", answered=1)
    await to_socratic(bobby)
    reply = await bobby.say("I did get good feedback last month though")
    assert reply == bobby.question("reflect", "socratic_loop", 2)
    assert "done here" not in reply
    assert bobby.at() == ("reflect", "socratic_loop")  # min_turns is 2: the loop goes on
    assert guard_events(bobby) == [("socratic_loop", GuardKind.EARLY_DONE, GuardAction.CONTINUED)]


async def test_a_done_at_min_turns_closes_the_loop() -> None:
    llm = ScriptedLanguageModel(answers=[ConverseReply(text="Thank you, that was honest.",
                                                       done=True)])
    bobby = Bobby(llm=llm)
    llm.when = at_step(bobby, "socratic_loop", answered=2)
    await to_socratic(bobby)
    await bobby.say("I did get good feedback last month though")
    reply = await bobby.say("I'd tell a friend one mistake doesn't define them")
    assert "Thank you, that was honest." in reply
    assert bobby.at() == ("reflect", "feel_after")
    assert guard_events(bobby) == []


async def test_an_answer_cut_at_the_token_limit_is_not_sent_and_asked_for_again() -> None:
    llm = ScriptedLanguageModel(answers=[
        ConverseReply(text=RUNAWAY, done=False, cut=True),
        ConverseReply(text="What else do you notice about that thought?", done=False)])
    bobby = Bobby(llm=llm)
    llm.when = at_step(bobby, "socratic_loop", answered=1)
    await to_socratic(bobby)
    reply = await bobby.say("I did get good feedback last month though")
    assert reply == "What else do you notice about that thought?"
    assert "just a lie" not in "\n".join(m.body for m in bobby.messenger.sent)
    retry = llm.converse_requests[-1]
    assert retry.retry_reason == shipped_rules().reason(GuardKind.CUT)
    assert guard_events(bobby) == [("socratic_loop", GuardKind.CUT, GuardAction.REGENERATED)]


async def test_an_answer_cut_twice_gives_the_steps_fallback() -> None:
    cut = ConverseReply(text=RUNAWAY, done=False, cut=True)
    llm = ScriptedLanguageModel(answers=[cut, cut])
    bobby = Bobby(llm=llm)
    llm.when = at_step(bobby, "socratic_loop", answered=1)
    await to_socratic(bobby)
    reply = await bobby.say("I did get good feedback last month though")
    step = bobby.registry.latest("reflect").step("socratic_loop")
    assert reply == step.fallback  # type: ignore[union-attr]
    assert bobby.at() == ("reflect", "socratic_loop")
    assert bobby.state().llm_history[-1].content == reply  # the model sees what was said
    assert guard_events(bobby) == [("socratic_loop", GuardKind.CUT, GuardAction.REGENERATED),
                                   ("socratic_loop", GuardKind.CUT, GuardAction.FALLBACK)]


async def test_the_last_allowed_answer_gets_the_closing_without_a_model_call() -> None:
    never_done = [ConverseReply(text=f"And what else, {n}?", done=False) for n in range(10)]
    llm = ScriptedLanguageModel(answers=never_done)
    bobby = Bobby(llm=llm)
    llm.when = at_step(bobby, "belief_loop")
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("My manager criticised my report today")
    await bobby.say("I'm not sure")
    await bobby.say("Maybe that I'm not good at this")
    result = await bobby.send("That I always get things wrong")  # answer 3 of max_turns 3
    reply = "\n".join(r.body for r in result.replies)
    assert not result.model_unavailable
    assert bobby.closing("reflect", "belief_loop") in reply
    belief_calls = [r for r in llm.converse_requests if at_step(bobby, "belief_loop")(r)]
    assert [r.user_turns for r in belief_calls] == [0, 1, 2]  # none for the third answer
    assert bobby.at() == ("reflect", "socratic_loop")


async def test_going_on_never_asks_again_what_was_just_asked() -> None:
    llm = ScriptedLanguageModel()
    bobby = Bobby(llm=llm)
    second = bobby.question("reflect", "socratic_loop", 2)
    llm.answers = [ConverseReply(text=f"Thank you. {second}", done=False),
                   ConverseReply(text="All done, well done.", done=True)]
    llm.when = at_step(bobby, "socratic_loop")
    await to_socratic(bobby)
    reply = await bobby.say("I did get good feedback last month though")
    assert reply == bobby.question("reflect", "socratic_loop", 3)
