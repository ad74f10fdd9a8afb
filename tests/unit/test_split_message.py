from hypothesis import given
from hypothesis import strategies as st

from bobby_core.text import split_message


def test_short_text_is_one_part() -> None:
    assert split_message("Hello there.") == ["Hello there."]


def test_long_text_splits_at_paragraphs_first() -> None:
    first, second = "A" * 900 + ".", "B" * 900 + "."
    assert split_message(f"{first}\n\n{second}") == [first, second]


def test_a_long_paragraph_splits_at_sentences() -> None:
    sentences = [f"Sentence number {i} is here." for i in range(120)]
    parts = split_message(" ".join(sentences))
    assert len(parts) > 1
    assert all(len(p) <= 1600 for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == " ".join(sentences)


@given(st.text(max_size=6000))
def test_no_part_is_over_the_limit_and_no_word_is_lost(text: str) -> None:
    parts = split_message(text)
    assert all(0 < len(p) <= 1600 for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
