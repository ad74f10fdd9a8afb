"""Readiness: can we reach the store right now?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bobby_core.deadline import bounded
from bobby_core.errors import ExternalServiceError
from bobby_core.ports import UnitOfWorkFactory

# No E.164 number starts with +0, so this lookup touches the table without matching anyone.
_NOBODY = "+0000000"


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReadinessResult:
    database: bool


class CheckReadiness:
    """Open a unit of work and read from it within `within`; raise ExternalServiceError if the
    store fails or has not answered by then (a probe must answer, not hang with the database)."""

    def __init__(self, uow: UnitOfWorkFactory, within: timedelta = timedelta(seconds=5)) -> None:
        self._uow, self._within = uow, within.total_seconds()

    async def execute(self) -> CheckReadinessResult:
        try:
            await bounded(self._read(), self._within)
        except ExternalServiceError:
            raise
        except Exception as exc:
            # Any driver failure means "not ready"; its type is the adapter's business, not ours.
            raise ExternalServiceError("database", type(exc).__name__) from exc
        return CheckReadinessResult(database=True)

    async def _read(self) -> None:
        async with self._uow() as uow:
            await uow.users.get_by_phone(_NOBODY)
