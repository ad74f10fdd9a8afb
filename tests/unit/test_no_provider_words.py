"""The core speaks of the product, never of a messaging provider: swapping Twilio for Meta's
Cloud API (or another) must not need a change there. Every text file under bobby_core (code,
docstrings, comments, flows' words) is read for the providers' own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CORE = Path(__file__).parents[2] / "src" / "bobby_core"
PROVIDER_WORDS = re.compile(
    r"twilio|wamid|message_?sid|content_?sid|\bgraph\b|x-hub-signature|whatsapp_business_account",
    re.IGNORECASE)


def provider_words(text: str) -> list[str]:
    return [m.group(0) for m in PROVIDER_WORDS.finditer(text)]


@pytest.mark.parametrize("sample", [
    "TwilioMessenger", "the MessageSid", "template.content_sid", "wamid.HBgL", "Graph API",
    "a ContentSid", "X-Hub-Signature-256"])
def test_the_check_sees_each_word(sample: str) -> None:
    assert provider_words(sample)


@pytest.mark.parametrize("sample", ["paragraph", "an infographic", "photograph", "metadata"])
def test_the_check_leaves_ordinary_words_alone(sample: str) -> None:
    assert provider_words(sample) == []


def test_no_provider_word_appears_in_the_core() -> None:
    found = {str(path.relative_to(CORE)): words
             for path in sorted(CORE.rglob("*"))
             if path.is_file() and path.suffix in {".py", ".toml", ".txt", ".md"}
             and (words := provider_words(path.read_text(encoding="utf-8")))}
    assert found == {}
