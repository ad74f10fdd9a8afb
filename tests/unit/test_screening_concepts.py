"""The ideas the classifier reads beside the words: one token for many wordings, and the pairs
that stand in one sentence."""

import pytest

from bobby_adapters.screening.concepts import concept_features, concepts
from bobby_adapters.screening.text import normalise


@pytest.mark.parametrize("text", [
    "there's no reason for me to keep going",
    "I can't think why I'd carry on",
    "what's the point of living like this",
])
def test_wordings_of_no_reason_to_go_on_share_one_pair(text: str) -> None:
    assert "FUTILE+LIFE" in concept_features(normalise(text))


def test_not_being_around_soon_is_its_own_pair() -> None:
    assert "GONE+SOON" in concept_features(normalise("you won't have to deal with me much longer"))


def test_an_everyday_reading_brings_its_own_idea() -> None:
    features = concept_features(normalise("no reason to keep going to the gym on monday"))
    assert "FUTILE+LIFE" in features
    assert "SCHEDULE" in features


def test_pairs_stay_within_a_sentence() -> None:
    features = concept_features(normalise("No reason to complain. I'm going on holiday"))
    assert "FUTILE" in features
    assert "LIFE" in features
    assert "FUTILE+LIFE" not in features


def test_concepts_come_in_the_order_they_are_said() -> None:
    assert concepts(normalise("I hope I don't wake up tomorrow")) == [
        "SELF", "WISHNOT", "SELF", "NEG", "WAKE", "WAKE"]
