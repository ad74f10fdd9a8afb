"""The boundaries journey's words: day titles, the day 1 quiz, the day 4 questionnaire, bands.

Both questionnaires are our own reflection aids, not validated psychological tests; the
messages say so and never label the user."""

from __future__ import annotations

from dataclasses import dataclass

DAYS: tuple[str, ...] = (
    "How healthy are your boundaries?",
    "Where are your boundaries being pushed?",
    "How can I stand up for myself?",
    "Are you a people pleaser?",
    "How can I say no, but kindly?",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuizItem:
    statement: str
    healthy_answer: bool


QUIZ: tuple[QuizItem, ...] = (
    QuizItem(statement="I can say no to a request without feeling guilty for days.",
             healthy_answer=True),
    QuizItem(statement="I often agree to things I don't want to do so nobody gets upset.",
             healthy_answer=False),
    QuizItem(statement="I tell people when something they do bothers me.", healthy_answer=True),
    QuizItem(statement="I feel responsible for how other people feel.", healthy_answer=False),
    QuizItem(statement="I make time for my own needs, even when others want my time.",
             healthy_answer=True),
    QuizItem(statement="I often feel resentful after helping someone.", healthy_answer=False),
    QuizItem(statement="I can ask for what I need without over-explaining.", healthy_answer=True),
    QuizItem(statement="I put up with treatment I'm not comfortable with to avoid conflict.",
             healthy_answer=False),
    QuizItem(statement="I can hear no from others without taking it personally.",
             healthy_answer=True),
    QuizItem(statement="I answer messages or check work when I've decided to be off.",
             healthy_answer=False),
)

QUIZ_BANDS: tuple[tuple[float, str], ...] = (
    (0.7, "Your boundaries look mostly healthy. 🌿 You already protect your time and feelings "
          "in many situations. This journey can help with the few that are still tricky."),
    (0.4, "Your boundaries are healthy in some areas and stretched in others. That's very "
          "common. The next days will help you spot where, and what you can do about it."),
    (0.0, "Your boundaries seem to be under a lot of pressure right now. That can be exhausting, "
          "and it isn't your fault. Step by step, this journey will help you protect your time "
          "and energy."),
)

PLEASING: tuple[str, ...] = (
    "I say yes when I'd rather say no.",
    "I worry a lot about what others think of me.",
    "I apologise even when I haven't done anything wrong.",
    "I find it hard to relax until everyone around me is happy.",
    "I keep my opinion to myself to avoid disagreement.",
    "I feel guilty when I put my own needs first.",
)

PLEASING_BANDS: tuple[tuple[float, str, str], ...] = (
    (3.5, "strong", "People-pleasing seems to be a strong pattern for you right now. It usually "
                    "grows from kindness and a wish to keep the peace, and it can also wear you "
                    "out. Day 5 is about saying no in a kind way."),
    (2.5, "some", "You show some people-pleasing habits. Caring about others is a strength; it "
                  "just helps to notice when it costs you too much."),
    (0.0, "few", "Your answers show few signs of people-pleasing. You seem able to balance other "
                 "people's needs with your own. 👏"),
)

FEELINGS: dict[str, tuple[str, ...]] = {
    "resentful": ("resent", "resentful", "resentment", "bitter"),
    "hurt": ("hurt", "sad", "upset", "disappointed"),
    "angry": ("angry", "furious", "mad", "rage"),
    "drained": ("tired", "exhausted", "drained", "worn", "empty"),
    "taken for granted": ("taken for granted", "used", "unappreciated", "unvalued"),
    "frustrated": ("frustrated", "annoyed", "irritated", "fed up"),
    "guilty": ("guilt", "guilty", "selfish"),
    "anxious": ("anxious", "nervous", "worried", "stressed", "scared"),
    "ignored": ("ignored", "invisible", "unheard", "dismissed"),
    "overwhelmed": ("overwhelmed", "too much", "swamped"),
}
