"""The everyday readings of crisis-sounding phrases that the rules leave alone (issue 26, the
fourth round: taken from the false alarms on the training corpora), and the crisis readings of
the same phrases that still flag."""

import pytest

from bobby_adapters.offline_screener import OfflineCrisisScreener


@pytest.mark.parametrize("text", [
    "why am i still here, the bus was meant to come 40 mins ago",
    "I don't want to be here anymore, this restaurant is too loud, can we leave?",
    "The band is better off without me, honestly, I was never a good drummer.",
    "The kids are better off without me hovering, they need to learn to cook on their own.",
    "There was no point in carrying on the walk in that rain, so we turned back at the bridge.",
    "I don't see the point of going on with the diet, I've stayed the same weight for months.",
    "I can't carry on doing twelve-hour days like this, I need to talk to my manager.",
    "I hope I don't wake up before nine tomorrow, I've earned a lie-in.",
    "After that hike I could sleep forever, my legs are jelly.",
    "I want to go to sleep and not come back until Monday morning.",
    "I'd rather not exist on the company chat after six, so I've turned off notifications.",
    "i want out of this town so bad, applying everywhere except here",
    "Nothing is keeping me here anymore, my contract is finished and I'm moving home.",
    "support group for people bereaved by suicide, does anyone know one in leeds",
    "the article says self harm admissions among teens doubled since 2010",
    "my uncle overdosed last year and family gatherings are still weird",
    "my sister told me she's been cutting, I'm worried",
    "can you overdose on vitamin d? i've been taking loads this winter",
    "how much paracetamol can i take in a day for a bad toothache",
    "I'll die if I have to sit through that again lol",
    "my teenager said 'kms' as a joke about homework, should I worry?",
    "my daughter keeps texting kms when she loses at fortnite, what does it mean",
])
async def test_the_everyday_reading_does_not_flag(text: str) -> None:
    assert not (await OfflineCrisisScreener().screen(text)).flagged


@pytest.mark.parametrize("text", [
    "why am i still here",
    "I don't want to be here anymore",
    "everyone would be better off without me around",
    "there's no point in carrying on",
    "I can't carry on living like this",
    "whats the point in carrying on when every day is the same",
    "I hope I don't wake up tomorrow",
    "if I could sleep forever I would",
    "I just want out of this life",
    "there's nothing keeping me here anymore",
    "how many paracetamol can i take in a day to not wake up",
])
async def test_the_crisis_reading_still_flags(text: str) -> None:
    assert (await OfflineCrisisScreener().screen(text)).flagged


@pytest.mark.parametrize(("text", "category"), [
    ("I keep hoping I'll have a heart attack and die and that'll be that", "wish_dead"),
    ("wish I had died in that crash instead of my mate", "wish_dead"),
    ("praying for a heart attack, it would be a mercy", "wish_dead"),
    ("been thinking I'd be better off topping myself", "active_thoughts"),
    ("thinking of doing myself in, don't tell the wife", "active_thoughts"),
    ("im gonna ctb this weekend", "active_thoughts"),
    ("I've started googling ways people kill themselves", "active_thoughts"),
    ("my arms are so messed up from sh i cant wear tshirts", "self_harm"),
    ("wife hits me when she's had a drink", "abuse"),
    ("my wife keeps threatening to stab me", "abuse"),
    ("the old man still gives me a hiding when i go round", "abuse"),
    ("going to stab the neighbour, he poisoned my dog", "harm_others"),
    ("I lost it and hit my son last night", "harm_others"),
    ("I keep thinking about pushing my baby down the stairs", "harm_others"),
    ("my brother said I should kms and honestly I might", "active_thoughts"),
    ("kms fr i cant do this anymore", "active_thoughts"),
])
async def test_explicit_statements_said_in_other_words_flag(text: str, category: str) -> None:
    assert category in (await OfflineCrisisScreener().screen(text)).categories


@pytest.mark.parametrize("text", [
    "i wish i'd said goodbye properly before she died",
    "I would never hurt my kids",
    "my brother beats me at chess every time",
    "Hoping not to wake up to more snow, the path is treacherous",
    "I hope I don't wake up tomorrow to another frost, my dahlias won't survive it",
    "i never want to wake up to that alarm sound again",
    "i just want everything to stop buffering for once",
    "I'd rather not be here when the family argue over Christmas",
    "the team would be fine without me if i stepped back from the committee",
    "i wont be here next week, going to my dads for half term",
    "wrote goodbye cards for the team today, my last day is friday",
])
async def test_the_same_words_in_everyday_sense_do_not_flag(text: str) -> None:
    assert not (await OfflineCrisisScreener().screen(text)).flagged
