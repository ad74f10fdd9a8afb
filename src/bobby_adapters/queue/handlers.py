"""What a worker runs for each kind of job: filled in by the composition root with use cases."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bobby_core.model import UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class JobHandlers:
    run_turns: Callable[[UserId], Awaitable[None]]
    """Run every waiting turn of one user, oldest inbound message first."""
    deliver: Callable[[UserId], Awaitable[None]]
    """Send every recorded, unsent reply of one user, oldest first."""
    sweep: Callable[[], Awaitable[None]]
    """Re-queue work a crashed process left behind (inbound without a turn, unsent replies)."""
    remind: Callable[[str], Awaitable[None]] | None = None
    """Send one stored reminder (by its id) if it is still due and pending."""
    close_idle: Callable[[UserId], Awaitable[None]] | None = None
    """Close one user's exercise if it sat idle past the timeout (or look again later)."""
