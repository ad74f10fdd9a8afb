"""Charts are kept for MEDIA_KEEP_DAYS: WhatsApp keeps its own copy once a reply is sent, so
an old file only waits to be read by whoever holds its link."""

from __future__ import annotations

import logging
from datetime import timedelta

from bobby_core.errors import ExternalServiceError
from bobby_core.ports import Clock, MediaStorage

log = logging.getLogger("bobby.media")


class ExpireMedia:
    """Delete stored files older than `keep`; run from the sweep (a failure waits for the next)."""

    def __init__(self, storage: MediaStorage, clock: Clock, keep: timedelta) -> None:
        self._storage, self._clock, self._keep = storage, clock, keep

    async def execute(self) -> int:
        try:
            removed = await self._storage.remove_older_than(self._clock.now() - self._keep)
        except ExternalServiceError as exc:
            log.warning("old charts could not be removed (%s); the next sweep tries", exc.service)
            return 0
        if removed:
            log.info("removed %d charts older than %d days", removed, self._keep.days)
        return removed
