"""The boundaries journey's scoring data: which quiz answer protects the user, the day 4 bands,
and the feelings day 2's summary may name. The words (statements, titles, band texts) are in
`boundaries.toml`.

Both questionnaires are our own reflection aids, not validated psychological tests; the
messages say so and never label the user."""

from __future__ import annotations

DAYS = 5

QUIZ_HEALTHY_ANSWERS: tuple[bool, ...] = (
    True, False, True, False, True, False, True, False, True, False,
)
"""The answer to each day 1 statement (in order) that protects the user's boundaries."""

QUIZ_BANDS: tuple[tuple[float, str], ...] = ((0.7, "mostly"), (0.4, "partly"), (0.0, "pressed"))
"""Share of protective answers from which each band (its text `quiz_<band>`) applies."""

PLEASING_ITEMS = 6
PLEASING_BANDS: tuple[tuple[float, str], ...] = ((3.5, "strong"), (2.5, "some"), (0.0, "few"))
"""Mean answer from which each band (its text `pleasing_<band>`) applies."""

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
