"""What an erasure leaves behind: an audit record that names nobody."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Erasure:
    """One user's data was erased at `requested_at`, asked for through `source` (the chat,
    the command line). It holds no phone, id or name: only the files still to be removed,
    until they are, and then how many were."""

    id: str
    requested_at: datetime
    source: str
    pending_media: tuple[str, ...] = ()
    media_removed: int = 0
    completed_at: datetime | None = None

    def finished(self, at: datetime, removed: int) -> Erasure:
        return replace(self, pending_media=(), media_removed=self.media_removed + removed,
                       completed_at=at)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportGrant:
    """What a valid export link names: whose data, and the link's own one-time id."""

    user_id: str
    nonce: str
