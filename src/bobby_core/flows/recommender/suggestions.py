"""The exercises the recommender may suggest (every exercise but itself), with the words that
point to each (for the offline model's keyword rules) and a fallback reason for when the model
gives none. Titles and menu numbers come from the flows themselves."""

from dataclasses import dataclass

from bobby_core.engine.flow import Flow
from bobby_core.engine.steps import Option
from bobby_core.flows import (
    boundaries,
    burnout,
    cheerleader,
    journaling,
    reflect,
    release_focus,
    smart_goal,
    welcome,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggestion:
    flow: Flow
    why: str
    keywords: tuple[str, ...]

    # The menu number and title live once, on the flow (R17); these only read them.
    @property
    def flow_id(self) -> str:
        return self.flow.id

    @property
    def menu_key(self) -> str:
        return self.flow.menu_key or ""

    @property
    def title(self) -> str:
        return self.flow.title


SUGGESTIONS: tuple[Suggestion, ...] = (
    Suggestion(
        flow=welcome.FLOW,
        why="A one-minute tour shows what Bobby is and which exercise might suit you.",
        keywords=("what is bobby", "who are you", "what are you", "how does this work",
                  "how does it work", "what can you do", "new here", "first time", "explain",
                  "what is this", "about you"),
    ),
    Suggestion(
        flow=journaling.FLOW,
        why="Writing things down is a gentle way to untangle what's on your mind.",
        keywords=("journal", "write", "writing", "thoughts", "mind", "process", "confused",
                  "lonely", "sad", "grateful", "feelings", "lot going on"),
    ),
    Suggestion(
        flow=reflect.FLOW,
        why="Looking at what happened from a new angle can take some of the sting out of it.",
        keywords=("argument", "criticised", "criticized", "mistake", "upset", "angry", "guilty",
                  "blame", "worried", "worry", "anxious", "ashamed", "hurt", "keep thinking",
                  "replaying", "boss", "manager", "colleague", "unfair"),
    ),
    Suggestion(
        flow=release_focus.FLOW,
        why="Sorting what you can control from what you can't helps you put your energy where "
            "it counts.",
        keywords=("stuck", "control", "uncertain", "uncertainty", "powerless", "helpless",
                  "overwhelmed", "stressed", "stress", "too much", "out of my hands", "layoffs",
                  "change", "changes", "deadline", "deadlines"),
    ),
    Suggestion(
        flow=burnout.FLOW,
        why="A quick check-in shows how much work is wearing on you, so you can act early.",
        keywords=("exhausted", "tired", "drained", "burnt", "burned", "burnout", "burn out",
                  "worn out", "no energy", "cynical", "fed up", "dread", "sleep"),
    ),
    Suggestion(
        flow=smart_goal.FLOW,
        why="Turning what you want to do into one clear, doable goal makes starting easier.",
        keywords=("goal", "goals", "procrastinating", "procrastinate", "motivated", "motivation",
                  "plan", "planning", "productive", "achieve", "organised", "organized",
                  "to do list", "get things done"),
    ),
    Suggestion(
        flow=cheerleader.FLOW,
        why="Speaking to yourself the way you'd cheer on a friend builds real confidence.",
        keywords=("confidence", "confident", "nervous", "doubt", "doubting", "insecure",
                  "not good enough", "hard on myself", "encouragement", "interview",
                  "presentation", "imposter", "failure", "useless", "exam"),
    ),
    Suggestion(
        flow=boundaries.FLOW,
        why="A few short days on boundaries help you say no kindly and keep time for yourself.",
        keywords=("boundaries", "boundary", "saying yes", "say yes", "yes to everyone",
                  "say no", "saying no", "can't say no", "cant say no", "people pleaser",
                  "people pleasing", "pushover", "taken advantage", "taken for granted",
                  "walk all over", "resentful", "resentment", "everyone else", "guilty saying no"),
    ),
)

BY_ID = {s.flow_id: s for s in SUGGESTIONS}
DEFAULT = "journaling"
"""Journaling's free style suits almost anything, so it is the suggestion when nothing fits."""

OPTIONS: tuple[Option, ...] = tuple(
    Option(key=s.flow_id, label=s.title,
           aliases=(s.menu_key, s.flow_id.replace("_", " "), *s.flow.aliases))
    for s in SUGGESTIONS
)
OPTIONS_TEXT = "\n".join(f"{s.menu_key} - {s.title}" for s in SUGGESTIONS)
KEYWORDS: dict[str, tuple[str, ...]] = {s.flow_id: s.keywords for s in SUGGESTIONS}
