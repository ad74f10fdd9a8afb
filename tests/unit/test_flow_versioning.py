"""A deploy can change a flow while users are in the middle of it (SPEC §5: the state keeps the
flow id and version). The engine's registry is swapped here as a new release would swap it."""

from bobby_core.engine.flow import Flow, FlowRegistry
from bobby_core.engine.steps import Action, Ask, End
from bobby_core.flows import SYSTEM_FLOWS
from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby


def diary(version: int, first: str, second: str) -> Flow:
    return Flow(id="diary", version=version, title="Diary", menu_key="9", steps=(
        Ask(id=first, save_as="day", prompt=f"(v{version}) What happened today?"),
        Ask(id=second, save_as="mood", prompt=f"(v{version}) How did it leave you feeling?"),
        Action(id="save", name="save_result", args={"fields": ("day", "mood")}),
        End(id="done", text=f"(v{version}) Saved."),
    ))


V1 = diary(1, "day", "mood")
V2 = diary(2, "what_happened", "feeling")  # the v1 step ids are gone


def release(bobby: Bobby, *flows: Flow) -> None:
    bobby.conversation.engine.registry = FlowRegistry((*SYSTEM_FLOWS, *flows))


async def start_on_v1() -> Bobby:
    bobby = Bobby(registry=FlowRegistry((*SYSTEM_FLOWS, V1)))
    await bobby.consented()
    assert "(v1) What happened" in await bobby.say("9")
    assert "(v1) How did it leave you" in await bobby.say("A long day of meetings")
    return bobby


async def test_a_user_in_a_version_that_is_gone_is_moved_to_the_menu_kindly() -> None:
    bobby = await start_on_v1()
    release(bobby, V2)
    reply = await bobby.say("Tired but okay")
    assert "I've updated that exercise since we started it" in reply
    assert bobby.texts.menu_header in reply
    assert not bobby.state().active
    assert bobby.results() == []
    assert "(v2) What happened" in await bobby.say("9")


async def test_a_user_mid_flow_finishes_on_the_old_version_while_new_users_get_the_new() -> None:
    bobby = await start_on_v1()
    release(bobby, V1, V2)
    assert "(v1) Saved." in await bobby.say("Tired but okay")
    [result] = bobby.results()
    assert (result.flow_id, result.flow_version, result.status) == (
        "diary", 1, ResultStatus.FINISHED)
    assert result.fields == {"day": "A long day of meetings", "mood": "Tired but okay"}
    assert "(v2) What happened" in await bobby.say("9")
