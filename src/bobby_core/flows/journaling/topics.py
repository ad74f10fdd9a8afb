"""The journaling series (our own prompts, in `topics.toml`) and the words that hint at each
topic (`topic_words.toml`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files

SERIES_LENGTH = 7
GENERAL_TOPIC = "Self-Reflection"
"""The topic that fits anything: chosen when a caller that cannot offer free style or a list
(the prototype's Studio flow) finds none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Prompt:
    text: str
    follow_ups: tuple[str, ...]


def _parse(source: str) -> dict[str, tuple[Prompt, ...]]:
    return {topic: tuple(Prompt(text=p["prompt"], follow_ups=tuple(p["follow_ups"]))
                         for p in prompts)
            for topic, prompts in tomllib.loads(source).items()}


SERIES: dict[str, tuple[Prompt, ...]] = _parse(
    files(__package__ or __name__).joinpath("topics.toml").read_text(encoding="utf-8"))
TOPICS: tuple[str, ...] = tuple(SERIES)

_HINTS: dict[str, tuple[str, ...]] = {
    topic: tuple(words) for topic, words in tomllib.loads(
        files(__package__ or __name__).joinpath("topic_words.toml").read_text(encoding="utf-8")
    ).items()}
KEYWORDS: dict[str, tuple[str, ...]] = {
    topic: (*_HINTS.get(topic, ()), str(number), topic.lower())
    for number, topic in enumerate(TOPICS, start=1)
}
