"""How much of a loop's talk the model sees: the newest turns, within a turn and size budget.

A long chat then costs no more per model call than a short one, and stays well inside any
model's context window. The newest turn is always kept (cut to the budget if it alone is too
long), because it is what the model must answer."""

from __future__ import annotations

from dataclasses import replace

from bobby_core.model import ChatTurn

MAX_CONTEXT_TURNS = 12
"""Six exchanges: more than any exercise's guide questions need to stay coherent."""
MAX_CONTEXT_CHARS = 6000
"""About 1,500 tokens of history on top of the step's prompt."""


def bounded_history(history: tuple[ChatTurn, ...], max_turns: int = MAX_CONTEXT_TURNS,
                    max_chars: int = MAX_CONTEXT_CHARS) -> tuple[ChatTurn, ...]:
    """The longest suffix of `history` with at most `max_turns` turns and `max_chars` characters."""
    if not history:
        return ()
    newest = history[-1]
    if len(newest.content) > max_chars:
        newest = replace(newest, content=newest.content[:max_chars])
    kept = [newest]
    used = len(newest.content)
    for earlier in reversed(history[:-1]):
        if len(kept) >= max_turns or used + len(earlier.content) > max_chars:
            break
        kept.append(earlier)
        used += len(earlier.content)
    return tuple(reversed(kept))
