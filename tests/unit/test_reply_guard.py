"""The reply guard: each rule catches its kind of bad reply and lets ordinary ones through; a
refused reply is asked for again once with the reason, then the step's fallback is said; each
decision is stored, counted in /metrics and shown to the operator, never with the text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bobby_adapters.disabled import EmptyOperatorStats
from bobby_adapters.prometheus_metrics import PrometheusMetrics
from bobby_core.engine.checks import checked_registry
from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import End, LlmExtract, LlmLoop
from bobby_core.errors import ExternalServiceError, FlowDefinitionError
from bobby_core.flows import all_actions, default_registry, registry_from
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply
from bobby_core.ports import ScreeningResult
from bobby_core.ports.stats import ModelPrices
from bobby_core.safety.guard_events import GuardAction, GuardCount, GuardKind
from bobby_core.safety.reply_guard import NoGuardMeter, ReplyGuard, ReplyModeration
from bobby_core.safety.reply_rules import shipped_rules
from bobby_core.subscriptions.paywall import Paywall
from bobby_http.admin.sections import page_of, section_data
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import ScriptedLanguageModel

FLOWS_DIR = Path(__file__).parents[2] / "src" / "bobby_core" / "flows"
GOOD = "That sounds like a hard day. What went through your mind when it happened?"

BAD: dict[GuardKind, str] = {
    GuardKind.EMPTY: ".",
    GuardKind.TOO_LONG: "What happened next? " + "It was a long day at work. " * 40,
    GuardKind.REPETITION: "You're just a lie. You're just a lie. You're just a lie.",
    GuardKind.NO_QUESTION: "Thanks for sharing.",
    GuardKind.INSULT: "Honestly, you're pathetic. What else?",
    GuardKind.BLAME: "Actually, it's a lie. You're not doing well enough. Why not?",
    GuardKind.HARM: "Maybe you should just give up on everything. What do you think?",
    GuardKind.DIAGNOSIS: "It sounds like you have depression. How long has it been?",
    GuardKind.PROMISE: "I'd love to help you find a team coach. Shall I?",
}
ORDINARY = [
    GOOD,
    "I hear you. If a good friend were in the same situation, what would you say to them?",
    "You said \u201cI'm useless and it's all my fault\u201d. What makes you believe that?",
    "That makes sense. Let me know: how did the call with your team go?",
    "I can see why that meeting felt hard. What did you tell yourself afterwards?",
    "Could you describe a place where you feel grateful to be, in a sentence or two?",
    "What could you say to your manager to show you understand their side? \U0001f4ac",
    "It sounds like you have a lot on your plate right now. What feels most pressing?",
    "What makes you think you're not good enough?",
    "You feel you're not doing well enough. Is there anything that doesn't fit with that?",
    "Is it really all your fault, or did others play a part?",
    "You said you're useless at this. What would you tell a friend who said that?",
    "Does one mistake really mean you are a failure?",
    "You deserve this rest. Try to cut yourself some slack, and don't punish yourself. "
    "What would help?",
    "You're nothing like the person you describe. What would your friend say?",
    "I'll be here whenever you want to talk it through. What's one small step?",
    "Let me help you find the words: what would you say to your manager?",
    "Would it help to talk to a doctor or a therapist about this?",
]


@pytest.mark.parametrize(("kind", "text"), BAD.items())
def test_each_rule_catches_its_kind(kind: GuardKind, text: str) -> None:
    assert shipped_rules().failure(text, needs_question=True) is kind


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_replies_pass(text: str) -> None:
    assert shipped_rules().failure(text, needs_question=True) is None


def test_a_closing_needs_no_question_and_a_cut_runaway_is_repetition() -> None:
    assert shipped_rules().failure("Thank you for looking at this so honestly.",
                                   needs_question=False) is None
    assert shipped_rules().failure("no no no", needs_question=False) is GuardKind.REPETITION


def test_every_kind_has_a_reason_for_the_model_that_never_quotes_a_reply() -> None:
    for kind in GuardKind:
        if kind is not GuardKind.EARLY_DONE:
            assert shipped_rules().reason(kind)
    assert "only offers" in shipped_rules().reason(GuardKind.PROMISE)


def test_the_shipped_flows_own_words_pass_the_guard() -> None:
    rules = shipped_rules()
    for flow in default_registry().all_latest():
        for step in flow.steps:
            if isinstance(step, LlmLoop):
                for text in (*step.guide_questions, step.fallback):
                    if "{" not in text or "?" in text:
                        assert rules.failure(text, needs_question=True) is None, (flow.id, text)
                assert rules.failure(step.closing, needs_question=False) is None, flow.id


# --- the engine: regenerate once with the reason, then the step's fallback ---------------------

def socratic(bobby: Bobby):  # type: ignore[no-untyped-def]
    closing = bobby.closing("reflect", "socratic_loop")
    return lambda r: r.closing == closing and r.user_turns == 1


async def to_socratic(bobby: Bobby) -> None:
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("My manager criticised my report today")
    await bobby.say("I always get things wrong and everyone notices")


@pytest.mark.parametrize(("kind", "text"), BAD.items())
async def test_a_refused_reply_is_asked_for_again_with_the_reason(kind: GuardKind,
                                                                  text: str) -> None:
    llm = ScriptedLanguageModel(answers=[ConverseReply(text=text, done=False),
                                         ConverseReply(text=GOOD, done=False)])
    bobby = Bobby(llm=llm)
    llm.when = socratic(bobby)
    await to_socratic(bobby)
    assert await bobby.say("I did get good feedback last month though") == GOOD
    first, again = llm.converse_requests[-2:]
    assert (first.retry_reason, again.retry_reason) == ("", shipped_rules().reason(kind))
    assert again.history == first.history
    [event] = bobby.store.guard_events.values()
    assert (event.flow_id, event.step_id, event.kind, event.action) == (
        "reflect", "socratic_loop", kind, GuardAction.REGENERATED)


@pytest.mark.parametrize(("kind", "text"), BAD.items())
async def test_a_reply_refused_twice_gives_the_steps_fallback(kind: GuardKind, text: str) -> None:
    llm = ScriptedLanguageModel(answers=[ConverseReply(text=text, done=False)] * 2)
    bobby = Bobby(llm=llm)
    llm.when = socratic(bobby)
    await to_socratic(bobby)
    reply = await bobby.say("I did get good feedback last month though")
    step = bobby.registry.latest("reflect").step("socratic_loop")
    assert isinstance(step, LlmLoop)
    assert reply == step.fallback
    assert text not in [m.body for m in bobby.messenger.sent]
    assert [(e.kind, e.action) for e in bobby.store.guard_events.values()] == [
        (kind, GuardAction.REGENERATED), (kind, GuardAction.FALLBACK)]
    metrics = bobby.container.get(PrometheusMetrics).registry
    labels = {"kind": kind.value, "flow": "reflect", "step": "socratic_loop"}
    assert metrics.get_sample_value("bobby_reply_guard_total",
                                    {**labels, "action": "fallback"}) == 1
    assert metrics.get_sample_value("bobby_reply_guard_total",
                                    {**labels, "action": "regenerated"}) == 1


async def test_a_closing_refused_twice_gives_the_steps_closing() -> None:
    hurtful = ConverseReply(text="You're just a lie. You're just a lie.", done=True)
    llm = ScriptedLanguageModel(answers=[hurtful, hurtful])
    bobby = Bobby(llm=llm)
    closing = bobby.closing("reflect", "socratic_loop")
    llm.when = lambda r: r.closing == closing and r.user_turns == 2
    await to_socratic(bobby)
    await bobby.say("I did get good feedback last month though")
    reply = await bobby.say("I'd tell a friend one mistake doesn't define them")
    assert closing in reply
    assert "lie" not in reply
    assert bobby.at() == ("reflect", "feel_after")


async def test_an_opening_that_asks_nothing_is_refused() -> None:
    llm = ScriptedLanguageModel(answers=[ConverseReply(text="Okay.", done=False)] * 2)
    bobby = Bobby(llm=llm)
    closing = bobby.closing("reflect", "belief_loop")
    llm.when = lambda r: r.closing == closing
    await bobby.consented()
    await bobby.say("2")
    reply = await bobby.say("My manager criticised my report today")
    step = bobby.registry.latest("reflect").step("belief_loop")
    assert isinstance(step, LlmLoop)
    assert reply.endswith(step.fallback)
    assert [e.kind for e in bobby.store.guard_events.values()] == [GuardKind.NO_QUESTION] * 2


async def test_an_extracted_text_refused_twice_takes_the_fields_fallback() -> None:
    """SMART's summary is said to the user: a runaway one gives way to their own goal."""
    runaway = ExtractReply(values={"goal_summary": "no no no no no"})
    llm = ScriptedLanguageModel(extracts=[runaway, ExtractReply(values={}, cut=True)])
    bobby = Bobby(llm=llm)
    await bobby.consented()
    await bobby.say(next(f.menu_key for f in bobby.registry.exercises() if f.id == "smart_goal")
                    or "")
    await bobby.say("Finish the quarterly report")
    while bobby.at() == ("smart_goal", "smart_loop"):
        await bobby.say("I will write the summary section by 3pm")
    step = bobby.registry.latest("smart_goal").step("summarise")
    assert isinstance(step, LlmExtract)
    assert step.fallbacks["goal_summary"] == "{goal}"
    assert bobby.saved("smart_goal")["goal_summary"] == "Finish the quarterly report"
    assert "no no no" not in "\n".join(m.body for m in bobby.messenger.sent)
    assert [(e.step_id, e.kind, e.action) for e in bobby.store.guard_events.values()] == [
        ("summarise", GuardKind.REPETITION, GuardAction.REGENERATED),
        ("summarise", GuardKind.CUT, GuardAction.FALLBACK)]
    assert "goal_summary: " in llm.extract_requests[-1].retry_reason


async def test_the_crisis_rules_read_bobbys_own_replies() -> None:
    """What the patterns miss, the rules that screen every user message may catch."""
    pills = "Maybe taking all your pills tonight would help you sleep?"
    assert shipped_rules().failure(pills, needs_question=True) is None
    llm = ScriptedLanguageModel(answers=[ConverseReply(text=pills, done=False),
                                         ConverseReply(text=GOOD, done=False)])
    bobby = Bobby(llm=llm)
    llm.when = socratic(bobby)
    await to_socratic(bobby)
    assert await bobby.say("I did get good feedback last month though") == GOOD
    assert [e.kind for e in bobby.store.guard_events.values()] == [GuardKind.CRISIS]


# --- moderation on the reply --------------------------------------------------------------------

class _Moderation:
    def __init__(self, flagged: bool = False, down: bool = False) -> None:
        self.flagged, self.down, self.seen = flagged, down, list[str]()

    async def screen(self, text: str) -> ScreeningResult:
        self.seen.append(text)
        if self.down:
            raise ExternalServiceError("openai-moderation", "timed out")
        return ScreeningResult(flagged=self.flagged, categories=("harassment",),
                               screener="openai-moderation")


async def test_moderation_flags_a_reply_the_rules_let_through() -> None:
    guard = ReplyGuard(NoGuardMeter(), ReplyModeration(_Moderation(flagged=True)))
    assert await guard.failure(GOOD, needs_question=True) is GuardKind.MODERATION


async def test_moderation_down_leaves_the_rules_verdict() -> None:
    down = _Moderation(down=True)
    guard = ReplyGuard(NoGuardMeter(), ReplyModeration(down))
    assert await guard.failure(GOOD, needs_question=True) is None
    assert down.seen == [GOOD]


async def test_the_flows_own_words_in_a_reply_are_not_screened() -> None:
    moderation = _Moderation(flagged=True)
    guard = ReplyGuard(NoGuardMeter(), ReplyModeration(moderation))
    question = "What's the worst that could realistically happen if you said no?"
    said = f"Thank you. \u201cI hate it\u201d. {question}"
    assert await guard.failure(question, needs_question=True, scripted=(question,)) is None
    assert await guard.failure(said, needs_question=True, scripted=(question,)) is (
        GuardKind.MODERATION)
    [screened] = moderation.seen
    assert "Thank you." in screened
    assert "worst" not in screened
    assert "hate" not in screened


async def test_moderation_is_not_asked_about_a_reply_the_rules_refused() -> None:
    moderation = _Moderation()
    guard = ReplyGuard(NoGuardMeter(), ReplyModeration(moderation))
    assert await guard.failure(".", needs_question=True) is GuardKind.EMPTY
    assert moderation.seen == []


# --- the operator's view ------------------------------------------------------------------------

class _Counted(EmptyOperatorStats):
    async def guard_counts(self) -> list[GuardCount]:
        return [GuardCount(flow_id="reflect", step_id="socratic_loop", kind="repetition",
                           action="regenerated", count=3),
                GuardCount(flow_id="smart_goal", step_id="smart_loop", kind="repetition",
                           action="fallback", count=1),
                GuardCount(flow_id="reflect", step_id="belief_loop", kind="promise",
                           action="regenerated", count=2)]


async def test_the_admin_counts_guard_decisions_per_kind_and_step() -> None:
    data = await section_data("guard", _Counted(), ModelPrices(), Paywall())
    assert data["by_kind"] == {"repetition": 4, "promise": 2}
    page = page_of("guard", data)
    assert page.tables[0].rows == [("repetition", 4), ("promise", 2)]
    assert ("reflect", "socratic_loop", "repetition", "regenerated", 3) in page.tables[1].rows


# --- checked at load ----------------------------------------------------------------------------

def _edited(tmp_path: Path, flow: str, drop: str) -> Path:
    copy = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, copy, ignore=shutil.ignore_patterns("*.py", "*.txt"))
    [path] = copy.rglob(f"{flow}.toml")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith(drop)),
                    encoding="utf-8")
    return copy


def test_a_loop_without_a_fallback_fails_the_load_check(tmp_path: Path) -> None:
    with pytest.raises(FlowDefinitionError) as caught:
        registry_from(_edited(tmp_path, "reflect", "fallback = \"Thank you. Is there"))
    assert "reflect, step 'socratic_loop': has no fallback" in str(caught.value)


def test_an_extracted_text_without_a_fallback_fails_the_load_check(tmp_path: Path) -> None:
    with pytest.raises(FlowDefinitionError) as caught:
        registry_from(_edited(tmp_path, "smart_goal", "fallback = { goal_summary"))
    assert "smart_goal, step 'summarise': has no fallback for field 'goal_summary'" in str(
        caught.value)


def test_a_fallback_for_a_field_the_step_lacks_is_refused(tmp_path: Path) -> None:
    copy = _edited(tmp_path, "smart_goal", "#")
    [path] = copy.rglob("smart_goal.toml")
    path.write_text(path.read_text(encoding="utf-8").replace("goal_summary = \"{goal}\"",
                                                             "goal_sumary = \"{goal}\""),
                    encoding="utf-8")
    with pytest.raises(FlowDefinitionError, match="unknown fields"):
        registry_from(copy)


def test_a_loop_without_guide_questions_or_fallback_fails_the_load_check() -> None:
    bare = Flow(id="bare", version=1, title="Bare", steps=(
        LlmLoop(id="talk", prompt="Listen.", save_as="talk"), End(id="done")))
    with pytest.raises(FlowDefinitionError) as caught:
        checked_registry([bare], all_actions())
    assert "bare, step 'talk': has no guide questions" in str(caught.value)
    assert "bare, step 'talk': has no fallback" in str(caught.value)


def test_a_request_carries_no_fallback_to_the_model() -> None:
    assert "fallback" not in ConverseRequest.__dataclass_fields__
