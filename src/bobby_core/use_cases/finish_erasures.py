"""After an erasure's commit, and from the sweep: remove the files its record lists."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bobby_core.errors import ExternalServiceError
from bobby_core.ports import Clock, MediaStorage, UnitOfWorkFactory

log = logging.getLogger("bobby.privacy")


@dataclass(frozen=True, slots=True, kw_only=True)
class FinishErasuresResult:
    finished: int = 0
    files_removed: int = 0
    waiting: int = 0
    """Erasures whose store could not be reached; the next sweep tries again."""


class FinishErasures:
    """Remove the stored files (charts) of erased users; an erasure is complete once its
    files are gone, and its record then keeps only counts and times."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, storage: MediaStorage,
                 batch: int = 50) -> None:
        self._uow, self._clock, self._storage, self._batch = uow, clock, storage, batch

    async def execute(self) -> FinishErasuresResult:
        async with self._uow() as uow:
            unfinished = await uow.erasures.unfinished(self._batch)
        done = FinishErasuresResult()
        for erasure in unfinished:
            try:
                removed = await self._remove(erasure.pending_media)
            except ExternalServiceError as exc:
                log.warning("an erasure's files could not be removed yet (%s)", exc.service)
                done = FinishErasuresResult(finished=done.finished,
                                            files_removed=done.files_removed,
                                            waiting=done.waiting + 1)
                continue
            async with self._uow() as uow:
                await uow.erasures.save(erasure.finished(self._clock.now(), removed))
                await uow.commit()
            done = FinishErasuresResult(finished=done.finished + 1,
                                        files_removed=done.files_removed + removed,
                                        waiting=done.waiting)
        return done

    async def _remove(self, urls: tuple[str, ...]) -> int:
        removed = 0
        for url in urls:
            removed += await self._storage.remove(url)
        return removed
