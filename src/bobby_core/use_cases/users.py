"""Finding or creating the user behind a sender, shared by every door (WhatsApp, Studio, chat)."""

from __future__ import annotations

from bobby_core.errors import ConcurrentUpdateError
from bobby_core.local_time import DEFAULT_ZONE
from bobby_core.model import User, UserId
from bobby_core.ports import Clock, IdGenerator, UnitOfWork, ZoneFinder


async def ensure_user(uow: UnitOfWork, ids: IdGenerator, clock: Clock, phone: str, *,
                      provider_user_id: str | None = None,
                      profile_name: str | None = None,
                      zones: ZoneFinder | None = None) -> User:
    """The user with this E.164 phone, created on first contact (in the time zone `zones`
    guesses from the number: only then, the lookup costs more than the rest of a webhook);
    safe when two processes see the same new phone at once (the loser reads the winner's row)."""
    user = await uow.users.get_by_phone(phone)
    if user is not None:
        return user
    user = User(id=UserId(ids.new_id()), phone=phone, provider_user_id=provider_user_id,
                profile_name=profile_name, created_at=clock.now(),
                time_zone=(zones.zone_for_phone(phone) if zones is not None else None)
                or DEFAULT_ZONE)
    try:
        await uow.users.add(user)
    except ConcurrentUpdateError:
        won = await uow.users.get_by_phone(phone)
        if won is None:
            raise
        return won
    return user
