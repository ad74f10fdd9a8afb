"""Readiness: can we reach the store right now?"""

from __future__ import annotations

from dataclasses import dataclass

from bobby_core.errors import ExternalServiceError
from bobby_core.ports import UnitOfWorkFactory

# No E.164 number starts with +0, so this lookup touches the table without matching anyone.
_NOBODY = "+0000000"


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReadinessResult:
    database: bool


class CheckReadiness:
    """Open a unit of work and read from it; raise ExternalServiceError if the store fails."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self) -> CheckReadinessResult:
        try:
            async with self._uow() as uow:
                await uow.users.get_by_phone(_NOBODY)
        except ExternalServiceError:
            raise
        except Exception as exc:
            # Any driver failure means "not ready"; its type is the adapter's business, not ours.
            raise ExternalServiceError("database", type(exc).__name__) from exc
        return CheckReadinessResult(database=True)
