"""What one turn carries through the engine: who, when, where to store, what to say."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bobby_core.llm import TokenUsage
from bobby_core.model import OutboundText, User
from bobby_core.ports import (
    ChartRenderer,
    Clock,
    IdGenerator,
    MediaStorage,
    UnitOfWork,
)


@dataclass(kw_only=True)
class Turn:
    """Mutable scratchpad of one turn; discarded when the turn ends."""

    user: User
    now: datetime
    uow: UnitOfWork
    ids: IdGenerator
    clock: Clock
    storage: MediaStorage | None = None
    charts: ChartRenderer | None = None
    outbound: list[OutboundText] = field(default_factory=list)
    usage: TokenUsage = field(default_factory=TokenUsage)
    user_deleted: bool = False
    leave_exercise: bool = False
    show_menu: bool = False
    """Show the main menu once the turn is done (e.g. at the end of Welcome)."""
    start_flow: str | None = None
    """Replace the running exercise with this flow (the recommender hands over)."""

    def say(self, body: str, media_url: str | None = None) -> None:
        if body.strip() or media_url:
            self.outbound.append(OutboundText(body=body.strip(), media_url=media_url))
