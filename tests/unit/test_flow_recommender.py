from dataclasses import dataclass, field

from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_core.engine.steps import Ask, Choice, LlmExtract
from bobby_core.engine.templates import render
from bobby_core.flows import default_registry
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.model import ResultStatus
from tests.unit.harness import Bobby


def options(bobby: Bobby) -> str:
    """The exercises on offer, listed as the pick step lists them."""
    return "\n".join(bobby.flow_text("recommender", "exercise_line", key=f.menu_key, title=f.title)
                     for f in bobby.registry.exercises() if f.id != "recommender")


def suggested(bobby: Bobby, flow_id: str, why: str | None = None) -> str:
    flow = bobby.registry.latest(flow_id)
    return bobby.text("recommender", "suggest", recommended_title=flow.title,
                      recommended_why=flow.why if why is None else why)


@dataclass
class ReasoningModel:
    """Recommends SMART goal with a reason of its own, as a real model would."""

    offline: OfflineLanguageModel = field(default_factory=OfflineLanguageModel)

    @property
    def name(self) -> str:
        return "reasoning"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        return await self.offline.converse(request)

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        if any(f.name == "recommended" for f in request.fields):
            return ExtractReply(values={"recommended": "smart_goal",
                                        "reason": "A clear plan could make today feel lighter."})
        return await self.offline.extract(request)


async def test_menu_five_asks_how_you_feel_suggests_one_exercise_and_starts_it_on_yes() -> None:
    bobby = Bobby()
    await bobby.consented()
    assert bobby.text("recommender", "feeling") in await bobby.say("5")
    reply = await bobby.say("I feel exhausted and drained after every shift")
    # The exercise's own reason: the offline model only echoes.
    assert suggested(bobby, "burnout") in reply
    assert options(bobby) in reply
    await bobby.say("yes")
    assert bobby.at() == ("burnout", "item_01")
    [advice] = bobby.results()
    assert (advice.flow_id, advice.status) == ("recommender", ResultStatus.FINISHED)
    assert advice.fields == {"feeling": "I feel exhausted and drained after every shift",
                             "recommended": "burnout", "reason": advice.fields["reason"],
                             "picked": "suggested"}
    root = bobby.state().root
    assert root is not None
    assert (root.flow_id, len(bobby.state().stack)) == ("burnout", 1)


async def test_the_user_may_pick_another_exercise_which_saves_under_its_own_id() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("5")
    await bobby.say("I keep replaying an argument with my manager")
    assert bobby.state().variables["recommended"] == "reflect"
    await bobby.say("7")
    assert bobby.at() == ("cheerleader", "situation")
    for text in ("A big presentation tomorrow", "Priya", "You know this material so well",
                 "You have done hard things before", "I know this material so well"):
        await bobby.say(text)
    await bobby.say("5")
    results = {r.flow_id: r for r in bobby.results()}
    assert results["recommender"].fields["picked"] == "cheerleader"
    assert results["recommender"].fields["recommended"] == "reflect"
    assert (results["cheerleader"].status, results["cheerleader"].feel_after) == (
        ResultStatus.FINISHED, 5)


async def test_an_unknown_pick_is_asked_again_and_nothing_starts() -> None:
    bobby = Bobby()
    await bobby.consented()
    await bobby.say("help me choose")
    await bobby.say("Everything at work feels like too much and out of my hands")
    reply = await bobby.say("hmm, maybe later")
    assert reply == render(bobby.hint("recommender", "pick"), {"exercise_list": options(bobby)})
    assert options(bobby) in reply
    top = bobby.state().top
    assert top is not None
    assert (top.flow_id, top.step_id) == ("recommender", "pick")
    assert bobby.results() == []
    await bobby.say("Release and Focus")
    assert bobby.at() == ("release_focus", "challenge")


async def test_a_real_models_own_reason_is_shown() -> None:
    bobby = Bobby(llm=ReasoningModel())
    await bobby.consented()
    await bobby.say("5")
    reply = await bobby.say("I have a hundred things to do and cannot start any")
    assert suggested(bobby, "smart_goal", "A clear plan could make today feel lighter.") in reply
    await bobby.say("ok")
    assert bobby.at() == ("smart_goal", "goal")


async def test_a_word_the_menu_does_not_know_starts_the_recommender() -> None:
    bobby = Bobby()
    await bobby.consented()
    assert bobby.text("recommender", "feeling") in await bobby.say("banana")
    top = bobby.state().top
    assert top is not None
    assert (top.flow_id, top.step_id) == ("recommender", "feeling")


async def test_a_sentence_at_the_menu_is_taken_as_how_the_user_feels() -> None:
    bobby = Bobby()
    await bobby.consented()
    reply = await bobby.say("I'm nervous about a job interview and full of doubt")
    assert bobby.text("recommender", "feeling") not in reply
    assert suggested(bobby, "cheerleader") in reply
    await bobby.say("yes")
    assert bobby.at() == ("cheerleader", "situation")
    [advice] = bobby.results()
    assert advice.fields["feeling"] == "I'm nervous about a job interview and full of doubt"


def test_the_recommender_offers_every_other_exercise_from_the_catalogue() -> None:
    registry = default_registry()
    others = [f for f in registry.exercises() if f.id != "recommender"]
    recommender = registry.latest("recommender")
    pick = recommender.step("pick")
    assert isinstance(pick, Ask)
    assert isinstance(pick.expect, Choice)
    offered = {o.key: o for o in pick.expect.options if o.key not in {"suggested", "declined"}}
    assert list(offered) == [f.id for f in others]
    for flow in others:
        assert offered[flow.id].label == flow.title
        assert flow.menu_key in offered[flow.id].aliases
        assert flow.why, flow.id
    recommend = recommender.step("recommend")
    assert isinstance(recommend, LlmExtract)
    [choice, _reason] = recommend.fields
    assert choice.choices == tuple(f.id for f in others)
    assert choice.keywords == {f.id: f.keywords for f in others}
    for flow in others:
        assert f"- {flow.id}: {flow.title}." in recommend.instruction
