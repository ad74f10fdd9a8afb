"""Follow a user whose WhatsApp identity changed: a new phone number, or a new id at the
messaging provider (a business-scoped user id is regenerated with a new number, and may change
on its own). The user keeps their conversation, results and consent under the new identity."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from bobby_core.model import User, normalise_phone
from bobby_core.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("bobby.users")


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowIdentityChangeCommand:
    previous_phone: str | None = None
    previous_user_id: str | None = None
    phone: str | None = None
    """The new phone (any form `normalise_phone` reads), when the provider shares it."""
    provider_user_id: str | None = None
    """The new id at the messaging provider, when it sends one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowIdentityChangeResult:
    known: bool
    """The change was about a user Bobby knows (others are acknowledged and dropped)."""
    updated: bool


class FollowIdentityChange:
    """Move a known user to their new phone or provider id; a new phone that another user row
    already holds is left where it is (the change is logged, never merged)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, cmd: FollowIdentityChangeCommand) -> FollowIdentityChangeResult:
        phone = normalise_phone(cmd.phone) if cmd.phone else None
        async with self._uow() as uow:
            user = await _previous(uow, cmd)
            if user is None:
                return FollowIdentityChangeResult(known=False, updated=False)
            changed = replace(user, provider_user_id=cmd.provider_user_id or user.provider_user_id)
            if phone and phone != user.phone:
                holder = await uow.users.get_by_phone(phone)
                if holder is None:
                    changed = replace(changed, phone=phone)
                else:
                    log.warning("a user's new number belongs to another user; not moved")
            if cmd.provider_user_id and cmd.provider_user_id != user.provider_user_id:
                taken = await uow.users.get_by_provider_ids([cmd.provider_user_id])
                if taken:
                    log.warning("a user's new provider id belongs to another user; not moved")
                    changed = replace(changed, provider_user_id=user.provider_user_id)
            if changed == user:
                return FollowIdentityChangeResult(known=True, updated=False)
            await uow.users.save(changed)
            await uow.commit()
        return FollowIdentityChangeResult(known=True, updated=True)


async def _previous(uow: UnitOfWork, cmd: FollowIdentityChangeCommand) -> User | None:
    if cmd.previous_user_id:
        found = await uow.users.get_by_provider_ids([cmd.previous_user_id])
        if cmd.previous_user_id in found:
            return found[cmd.previous_user_id]
    if cmd.previous_phone:
        return await uow.users.get_by_phone(normalise_phone(cmd.previous_phone))
    return None
