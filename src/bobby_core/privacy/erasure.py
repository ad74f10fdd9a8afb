"""Erasing a user inside a unit of work: every row goes, an audit record that names nobody
stays, and the files to remove after the commit are written down on it (so a crash before
they are removed leaves a record for the sweep, not an orphan)."""

from __future__ import annotations

from datetime import datetime

from bobby_core.model import UserId
from bobby_core.ports import IdGenerator, UnitOfWork
from bobby_core.privacy.model import Erasure


async def erase_user(uow: UnitOfWork, user_id: UserId, *, ids: IdGenerator, now: datetime,
                     source: str) -> Erasure:
    """Delete the user and everything that refers to them, in the caller's transaction."""
    media = await uow.personal_data.media_of(user_id)
    await uow.users.delete(user_id)
    erasure = Erasure(id=ids.new_id(), requested_at=now, source=source,
                      pending_media=tuple(media))
    await uow.erasures.add(erasure)
    return erasure
