import pytest
from hypothesis import given
from hypothesis import strategies as st

from bobby_core.engine.parsing import parse_int, parse_yes_no
from bobby_core.engine.steps import Choice, NumberRange, Option


@pytest.mark.parametrize("text", ["Yes", "yes.", "y", "Yeah", "yea", "yup", "Sure!", "ok", "👍",
                                  "yes please", "Yes, I'd like that"])
def test_many_spellings_of_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["no", "No.", "n", "N", "nope", "Nope", "nah", "not now",
                                  "no thanks"])
def test_many_spellings_of_no(text: str) -> None:
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", ["maybe", "not sure", "know", "", "I don't know"])
def test_neither_yes_nor_no(text: str) -> None:
    assert parse_yes_no(text) is None


@pytest.mark.parametrize(("text", "number"), [("3", 3), (" 5. ", 5), ("four", 4), ("2 days", 2),
                                              ("10", 10), ("1 or 2", None), ("3.5", None),
                                              ("soon", None)])
def test_numbers_in_digits_or_words(text: str, number: int | None) -> None:
    assert parse_int(text) == number


@given(st.integers(min_value=-1000, max_value=1000))
def test_number_range_accepts_exactly_its_range(n: int) -> None:
    ok, value = NumberRange(low=1, high=7).parse(str(n))
    assert ok == (1 <= n <= 7)
    assert value == n


def test_choice_matches_key_label_or_alias() -> None:
    choice = Choice(options=(Option(key="2", label="Reflect", aliases=("reflection",)),))
    assert choice.parse("2") == (True, "2")
    assert choice.parse("reflect!") == (True, "2")
    assert choice.parse("Reflection") == (True, "2")
    assert choice.parse("journal") == (False, None)
