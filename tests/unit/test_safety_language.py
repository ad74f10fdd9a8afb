import pytest

from bobby_core.safety.language import looks_non_english
from tests.unit.screening_set import load


@pytest.mark.parametrize("text", [
    "Hola, ¿cómo estás? Tuve un día largo en el trabajo", "Bonjour, je suis fatigué aujourd'hui",
    "Guten Morgen, ich habe heute viel Stress bei der Arbeit", "Hoje estou muito cansado do trabalho",
    "hola", "Quiero morir", "Je veux mourir", "Ich will sterben", "Eu quero morrer", "merci",
])
def test_spanish_french_german_and_portuguese_look_non_english(text: str) -> None:
    assert looks_non_english(text)


@pytest.mark.parametrize("text", [
    "ok", "yes", "no", "2", "", "hi", "I feel a bit low today", "My manager criticised my report",
    "i want to die", "Café later? I'm so tired", "de-stress with a walk", "kms",
])
def test_english_and_short_replies_do_not(text: str) -> None:
    assert not looks_non_english(text)


def test_every_english_line_of_the_tuning_half_reads_as_english() -> None:
    cases = load("tuning")
    assert not [c.text for c in cases if c.lang == "en" and looks_non_english(c.text)]
    foreign = [c for c in cases if c.lang != "en"]
    assert sum(looks_non_english(c.text) for c in foreign) / len(foreign) >= 0.9
