from hypothesis import given
from hypothesis import strategies as st

from bobby_core.text import clean_text


@given(st.text())
def test_cleaned_text_can_always_be_stored(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # no lone surrogate is left
    assert "\x00" not in cleaned
    assert all(c in "\t\n\r" or ord(c) >= 0x20 for c in cleaned if ord(c) < 0x80 and c != "\x7f")
    assert "\x7f" not in cleaned


def test_words_emoji_and_right_to_left_text_are_kept_as_they_are() -> None:
    for text in ("I feel tired\n\tand low", "😀🙏🏽👨‍👩‍👧‍👦", "أشعر بالتعب \u202eolleh\u202c שלום"):
        assert clean_text(text) == text
    assert clean_text("caf\udce9\x00!") == "caf\ufffd!"
