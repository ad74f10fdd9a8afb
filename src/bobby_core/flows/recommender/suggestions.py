"""The exercises the recommender may suggest, with the words that point to each (for the offline
model's keyword rules) and a fallback reason for when the model gives none."""

from dataclasses import dataclass

from bobby_core.engine.steps import Option


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggestion:
    flow_id: str
    menu_key: str
    title: str
    why: str
    keywords: tuple[str, ...]


SUGGESTIONS: tuple[Suggestion, ...] = (
    Suggestion(
        flow_id="journaling", menu_key="1", title="Journaling",
        why="Writing things down is a gentle way to untangle what's on your mind.",
        keywords=("journal", "write", "writing", "thoughts", "mind", "process", "confused",
                  "lonely", "sad", "grateful", "feelings", "lot going on"),
    ),
    Suggestion(
        flow_id="reflect", menu_key="2", title="Reflect",
        why="Looking at what happened from a new angle can take some of the sting out of it.",
        keywords=("argument", "criticised", "criticized", "mistake", "upset", "angry", "guilty",
                  "blame", "worried", "worry", "anxious", "ashamed", "hurt", "keep thinking",
                  "replaying", "boss", "manager", "colleague", "unfair"),
    ),
    Suggestion(
        flow_id="release_focus", menu_key="3", title="Release and Focus",
        why="Sorting what you can control from what you can't helps you put your energy where "
            "it counts.",
        keywords=("stuck", "control", "uncertain", "uncertainty", "powerless", "helpless",
                  "overwhelmed", "stressed", "stress", "too much", "out of my hands", "layoffs",
                  "change", "changes", "deadline", "deadlines"),
    ),
    Suggestion(
        flow_id="burnout", menu_key="4", title="Burnout check",
        why="A quick check-in shows how much work is wearing on you, so you can act early.",
        keywords=("exhausted", "tired", "drained", "burnt", "burned", "burnout", "burn out",
                  "worn out", "no energy", "cynical", "fed up", "dread", "sleep"),
    ),
    Suggestion(
        flow_id="smart_goal", menu_key="6", title="SMART goal",
        why="Turning what you want to do into one clear, doable goal makes starting easier.",
        keywords=("goal", "goals", "procrastinating", "procrastinate", "motivated", "motivation",
                  "plan", "planning", "productive", "achieve", "organised", "organized",
                  "to do list", "get things done"),
    ),
    Suggestion(
        flow_id="cheerleader", menu_key="7", title="Cheerleader",
        why="Speaking to yourself the way you'd cheer on a friend builds real confidence.",
        keywords=("confidence", "confident", "nervous", "doubt", "doubting", "insecure",
                  "not good enough", "hard on myself", "encouragement", "interview",
                  "presentation", "imposter", "failure", "useless", "exam"),
    ),
)

BY_ID = {s.flow_id: s for s in SUGGESTIONS}
DEFAULT = "journaling"
"""Journaling's free style suits almost anything, so it is the suggestion when nothing fits."""

OPTIONS: tuple[Option, ...] = tuple(
    Option(key=s.flow_id, label=s.title, aliases=(s.menu_key, s.flow_id.replace("_", " ")))
    for s in SUGGESTIONS
)
OPTIONS_TEXT = "\n".join(f"{s.menu_key} - {s.title}" for s in SUGGESTIONS)
KEYWORDS: dict[str, tuple[str, ...]] = {s.flow_id: s.keywords for s in SUGGESTIONS}
