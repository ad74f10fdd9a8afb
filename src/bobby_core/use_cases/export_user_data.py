"""Everything stored about one user, as one JSON document (`export my data`, the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bobby_core.errors import UserNotFoundError
from bobby_core.model import User, UserId
from bobby_core.ports import Clock, UnitOfWork, UnitOfWorkFactory

FORMAT = "bobby-export/1"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportUserDataCommand:
    phone: str | None = None
    user_id: str | None = None
    provider_user_id: str | None = None
    """The messaging provider's id for the user (one who shares no phone number)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportUserDataResult:
    document: dict[str, Any]


class ExportUserData:
    """A copy of every row that refers to the user, decrypted, table by table."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def execute(self, cmd: ExportUserDataCommand) -> ExportUserDataResult:
        async with self._uow() as uow:
            return ExportUserDataResult(document=await self.build(uow, cmd))

    async def build(self, uow: UnitOfWork, cmd: ExportUserDataCommand) -> dict[str, Any]:
        """The document, read in the caller's unit of work; UserNotFoundError when no such
        user is stored."""
        user = await _find(uow, cmd)
        return {"format": FORMAT, "exported_at": self._clock.now().isoformat(),
                "user_id": user.id, "phone": user.phone,
                "provider_user_id": user.provider_user_id,
                "tables": await uow.personal_data.rows_about(user.id)}


async def _find(uow: UnitOfWork, cmd: ExportUserDataCommand) -> User:
    user = None
    if cmd.user_id is not None:
        user = await uow.users.get(UserId(cmd.user_id))
    elif cmd.phone is not None:
        user = await uow.users.get_by_phone(cmd.phone)
    elif cmd.provider_user_id is not None:
        user = (await uow.users.get_by_provider_ids([cmd.provider_user_id])).get(
            cmd.provider_user_id)
    if user is None:
        raise UserNotFoundError("no such user")
    return user
