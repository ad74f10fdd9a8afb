"""The journaling series (our own prompts, in `topics.toml`) and words that hint at each topic."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files

SERIES_LENGTH = 7


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
    "Self-Care": ("self", "care", "look after myself", "rest", "tired", "exhausted", "recharge"),
    "Self-Reflection": ("self", "reflect", "reflection", "who i am", "understand myself", "values",
                        "myself better"),
    "Having a Bad Day": ("bad day", "awful day", "terrible day", "rough day", "hard day", "upset",
                         "awful", "terrible"),
    "Growth Mindset": ("growth", "mindset", "learn", "learning", "improve", "mistakes", "failure",
                       "grow"),
    "Friendships": ("friend", "friends", "friendship", "friendships", "lonely", "mates"),
    "Choosing a Job": ("job", "career", "new job", "applying", "interview", "jobs", "quit"),
    "Social Media": ("social media", "instagram", "tiktok", "phone", "scrolling", "online",
                     "facebook", "social"),
    # "Prioritizing" also hears "self" and "care", so it outweighs plain Self-Care when named.
    "Prioritizing Self-Care": ("prioritizing", "prioritising", "prioritise", "prioritize",
                               "priority", "put myself first", "self", "care"),
    "Imposter Syndrome": ("imposter", "impostor", "fraud", "fake", "don't belong",
                          "not good enough"),
    "Workplace Challenges": ("workplace", "colleague", "colleagues", "boss", "manager",
                             "coworker", "coworkers", "office", "team"),
    "Setting Realistic Goals": ("goal", "goals", "realistic", "resolution", "achieve", "plans"),
    "Communication Skills": ("communication", "communicate", "listen", "listening",
                             "conversation", "conversations", "speak up", "misunderstood"),
    "Work-Life Balance": ("balance", "work-life", "work life", "overtime", "evenings",
                          "weekends", "switch off"),
    "Time Management": ("time management", "procrastinate", "procrastinating", "procrastination",
                        "deadlines", "busy", "schedule", "organised", "organized"),
    "Boundary Setting": ("boundary", "boundaries", "say no", "saying no", "limits",
                         "people pleasing", "people pleaser"),
    "Gratitude": ("gratitude", "grateful", "thankful", "appreciate", "appreciation"),
}
KEYWORDS: dict[str, tuple[str, ...]] = {
    topic: (*_HINTS.get(topic, ()), str(number), topic.lower())
    for number, topic in enumerate(TOPICS, start=1)
}
