"""`bobby users delete PHONE|USER_ID`: erase a user everywhere, as `delete my data` does in the
chat."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bobby_core.errors import ExternalServiceError, UserNotFoundError
from bobby_core.model import UserId
from bobby_core.ports import Clock, IdGenerator, TaskQueue, UnitOfWorkFactory
from bobby_core.privacy.erasure import erase_user
from bobby_core.use_cases.finish_erasures import FinishErasures
from bobby_core.use_cases.sync_mailing_list import SyncMailingList, SyncMailingListCommand

log = logging.getLogger("bobby.privacy")


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteUserDataCommand:
    phone: str | None = None
    provider_user_id: str | None = None
    """The messaging provider's id for the user (one who shares no phone number)."""
    source: str = "operator"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteUserDataResult:
    erasure_id: str
    files_removed: int
    jobs_dropped: int


class DeleteUserData:
    """Every row that refers to the user goes in one transaction, which leaves an audit
    record; then their queued jobs, their files and their mailing-list contact."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator,
                 queue: TaskQueue, finish: FinishErasures,
                 mailing: SyncMailingList) -> None:
        self._uow, self._clock, self._ids, self._queue = uow, clock, ids, queue
        self._finish, self._mailing = finish, mailing

    async def execute(self, cmd: DeleteUserDataCommand) -> DeleteUserDataResult:
        async with self._uow() as uow:
            if cmd.phone is not None:
                user = await uow.users.get_by_phone(cmd.phone)
            else:
                user = (await uow.users.get_by_provider_ids([cmd.provider_user_id or ""])).get(
                    cmd.provider_user_id or "")
            if user is None:
                raise UserNotFoundError("no user with this phone or id")
            erasure = await erase_user(uow, user.id, ids=self._ids, now=self._clock.now(),
                                       source=cmd.source)
            await uow.commit()
        jobs = await forget_jobs(self._queue, user.id)
        finished = await self._finish.execute()
        # The contact is kept only as a key until the provider has deleted it.
        await self._mailing.execute(SyncMailingListCommand())
        return DeleteUserDataResult(erasure_id=erasure.id, files_removed=finished.files_removed,
                                    jobs_dropped=jobs)


async def forget_jobs(queue: TaskQueue, user_id: UserId) -> int:
    """Drop the erased user's queued jobs, best effort: a job left behind finds no user."""
    try:
        return await queue.forget_user(user_id)
    except ExternalServiceError as exc:
        log.warning("an erased user's queued jobs could not be dropped (%s)", exc.service)
        return 0
