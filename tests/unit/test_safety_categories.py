"""The screening set in tests/data/screening: every warning sign flags, hard negatives do not,
and a flagged message never reaches the model, whichever category it is."""

from collections import defaultdict

import pytest

from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.screening.data import TRAINING_FILES
from bobby_core.errors import ExternalServiceError
from bobby_core.ports import ScreeningResult
from bobby_core.safety.any_screener import AnyCrisisScreener
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import RecordingLanguageModel
from tests.unit.screening_set import HELD_OUT_HALVES, Case, load

CATEGORIES = {"wish_dead", "active_thoughts", "method", "intent", "plan", "preparation", "attempt",
              "self_harm", "abuse", "harm_others"}
TUNING = load("tuning")
HELDOUT = load("heldout")
PASSIVE = load("passive")
PASSIVE_PROBES = load("passive_probe1") + load("passive_probe2") + load("passive_probe3")
PASSIVE_HELDOUT = load("passive_probe5")
EVERY_SET = [c for name in (*(f.removesuffix(".tsv") for f in TRAINING_FILES), *HELD_OUT_HALVES)
             for c in load(name)]
"""Every labelled set: what the screener ships and trains on, and what is held out."""


def by_category(cases: list[Case]) -> dict[str, list[Case]]:
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        if case.crisis:
            groups[case.category].append(case)
    return groups


def test_the_set_is_big_enough_covers_every_category_and_has_no_duplicates() -> None:
    every = TUNING + HELDOUT
    assert sum(c.crisis for c in every) >= 150
    assert sum(not c.crisis for c in every) >= 150
    assert len({c.text for c in every}) == len(every)
    for half in (TUNING, HELDOUT):
        assert set(by_category(half)) == CATEGORIES
        assert {c.lang for c in half} == {"en", "es", "fr", "de", "pt"}
        assert {c.category for c in half if not c.crisis} >= {
            "idiom", "figurative", "grief", "stress", "fiction", "news"}


@pytest.mark.parametrize("case", [c for c in TUNING if c.crisis], ids=lambda c: c.text[:40])
async def test_every_crisis_message_of_the_tuning_half_flags(case: Case) -> None:
    result = await OfflineCrisisScreener().screen(case.text)
    assert result.flagged
    assert result.categories
    [verdict] = result.verdicts
    assert (verdict.layer, verdict.flagged) == ("offline-rules", True)


@pytest.mark.parametrize("case", [c for c in TUNING if not c.crisis], ids=lambda c: c.text[:40])
async def test_no_hard_negative_of_the_tuning_half_flags(case: Case) -> None:
    assert not (await OfflineCrisisScreener().screen(case.text)).flagged


async def test_the_held_out_half_meets_the_targets() -> None:
    """Counts only: the held-out half is never tuned against (bench/screener_recall.py)."""
    screener = OfflineCrisisScreener()
    flagged = {c.text: (await screener.screen(c.text)).flagged for c in HELDOUT}
    crisis = [c for c in HELDOUT if c.crisis]
    assert sum(flagged[c.text] for c in crisis) / len(crisis) >= 0.95
    assert all(flagged[c.text] for c in crisis if c.explicit)
    calm = [c for c in HELDOUT if not c.crisis]
    assert sum(flagged[c.text] for c in calm) / len(calm) <= 0.05


def test_the_passive_wish_sets_are_apart_and_have_both_readings() -> None:
    # "no", "idk", "nothing really" are everyone's answers
    every = [c for c in EVERY_SET if len(c.text.split()) > 2]
    assert len({c.text.lower() for c in every}) == len(every)
    for half in (PASSIVE, PASSIVE_HELDOUT):
        assert sum(c.crisis for c in half) >= 30
        assert sum(not c.crisis for c in half) >= 25
        assert any(c.explicit for c in half)


@pytest.mark.parametrize("case", [c for c in PASSIVE + PASSIVE_PROBES if c.crisis],
                         ids=lambda c: c.text[:40])
async def test_every_passive_wish_to_die_of_the_tuning_set_flags(case: Case) -> None:
    assert (await OfflineCrisisScreener().screen(case.text)).flagged


@pytest.mark.parametrize("case", [c for c in PASSIVE + PASSIVE_PROBES if not c.crisis],
                         ids=lambda c: c.text[:40])
async def test_the_same_words_about_everyday_things_do_not_flag(case: Case) -> None:
    assert not (await OfflineCrisisScreener().screen(case.text)).flagged


async def test_passive_probe_5_catches_every_explicit_statement_and_keeps_its_counts() -> None:
    """Counts only: passive probe 5 was written blind and is never tuned against
    (bench/screener_recall.py). Measured once on the rules of issue 26's fourth round: 44.0%
    recall, 100% of explicit statements, 5.3% false positives; the rules alone do not reach the
    issue's 98% on new wordings of these categories (README)."""
    screener = OfflineCrisisScreener()
    flagged = {c.text: (await screener.screen(c.text)).flagged for c in PASSIVE_HELDOUT}
    crisis = [c for c in PASSIVE_HELDOUT if c.crisis]
    assert all(flagged[c.text] for c in crisis if c.explicit)
    assert sum(flagged[c.text] for c in crisis) / len(crisis) >= 0.44
    calm = [c for c in PASSIVE_HELDOUT if not c.crisis]
    assert sum(flagged[c.text] for c in calm) / len(calm) <= 0.06


@pytest.mark.parametrize(("text", "category"), [
    ("I wish I could go to sleep and never wake up", "wish_dead"),
    ("i keep thinking about killing myself", "active_thoughts"),
    ("I keep looking at the pills in the cupboard", "method"),
    ("I'm going to kill myself", "intent"),
    ("I've got it all planned for Saturday", "plan"),
    ("I wrote goodbye letters to my kids", "preparation"),
    ("I took a whole packet of paracetamol", "attempt"),
    ("I burned myself on purpose", "self_harm"),
    ("My husband hits me", "abuse"),
    ("I want to hurt my sister", "harm_others"),
])
async def test_the_category_names_the_warning_sign(text: str, category: str) -> None:
    assert category in (await OfflineCrisisScreener().screen(text)).categories


@pytest.mark.parametrize("text", [
    "I'm not suicidal, I'm just angry", "I don't want to die, I just want a holiday",
    "I'm never going to hurt myself again", "I would never kill myself, don't worry",
])
async def test_a_negated_statement_does_not_flag(text: str) -> None:
    assert not (await OfflineCrisisScreener().screen(text)).flagged


@pytest.mark.parametrize("text", ["i wanna kms", "thinking abt unaliving myself", "relapsed on sh",
                                  "i od'd last night", "I WANT TO DIEEEE", "i want to kill myslef"])
async def test_slang_typos_and_shouting_flag(text: str) -> None:
    assert (await OfflineCrisisScreener().screen(text)).flagged


SAMPLES = [next(c for c in by_category(TUNING)[cat] if c.lang == "en") for cat in sorted(CATEGORIES)]
SAMPLES += [next(c for c in TUNING if c.crisis and c.lang == lang) for lang in ("es", "fr", "de", "pt")]


async def into_socratic_loop(bobby: Bobby) -> None:
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("My manager criticised my report today")
    reply = await bobby.say("I always get things wrong and everyone notices")
    assert bobby.question("reflect", "socratic_loop", 1) in reply


@pytest.mark.parametrize("case", SAMPLES, ids=lambda c: f"{c.category}-{c.lang}")
async def test_a_flagged_message_mid_exercise_never_reaches_the_model(case: Case) -> None:
    llm = RecordingLanguageModel()
    bobby = Bobby(llm=llm)
    await into_socratic_loop(bobby)
    calls_before = len(llm.converse_requests) + len(llm.extract_requests)
    reply = await bobby.say(case.text)
    assert "Samaritans" in reply
    assert len(llm.converse_requests) + len(llm.extract_requests) == calls_before
    assert case.text not in llm.everything_sent()
    [event] = bobby.store.safety_events.values()
    assert event.categories
    assert [v.layer for v in event.verdicts] == ["offline-rules"]
    assert case.text not in repr(event)


@pytest.mark.parametrize("text", ["there's no point in waking up tomorrow",
                                  "I won't be around much longer, and that's fine",
                                  "I don't have a reason to keep living"])
async def test_a_passive_wish_to_die_gets_the_crisis_reply_and_never_reaches_the_model(
        text: str) -> None:
    llm = RecordingLanguageModel()
    bobby = Bobby(llm=llm)
    await into_socratic_loop(bobby)
    calls_before = len(llm.converse_requests) + len(llm.extract_requests)
    assert "Samaritans" in await bobby.say(text)
    assert len(llm.converse_requests) + len(llm.extract_requests) == calls_before
    [event] = bobby.store.safety_events.values()
    assert event.categories == ("wish_dead",)


async def test_the_same_words_about_a_schedule_carry_on_the_exercise() -> None:
    bobby = Bobby()
    await into_socratic_loop(bobby)
    reply = await bobby.say("no point in waking up early tomorrow, the meeting is cancelled")
    assert "Samaritans" not in reply
    assert not bobby.store.safety_events


class _DownRiskCheck:
    name = "model-risk-check"

    async def screen(self, text: str) -> ScreeningResult:
        raise ExternalServiceError("model-risk-check", "down")


async def test_every_layers_verdict_is_kept_on_the_safety_event_and_never_the_text() -> None:
    text = "I've got it all planned for Saturday"
    bobby = Bobby(screener=AnyCrisisScreener(OfflineCrisisScreener(), _DownRiskCheck()))
    await into_socratic_loop(bobby)
    assert "Samaritans" in await bobby.say(text)
    [event] = bobby.store.safety_events.values()
    assert [(v.layer, v.flagged, v.failed) for v in event.verdicts] == [
        ("offline-rules", True, False), ("model-risk-check", False, True)]
    assert event.verdicts[0].categories == ("plan",)
    assert text not in repr(event)
