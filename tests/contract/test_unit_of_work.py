from dataclasses import replace

import pytest

from bobby_core.model import ConsentStatus
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import make_message, make_user, stored_user


async def test_nothing_is_kept_without_commit(uow: UnitOfWorkFactory) -> None:
    user = make_user()
    async with uow() as work:
        await work.users.add(user)
        assert await work.users.get(user.id) == user  # a unit of work sees its own writes
    async with uow() as work:
        assert await work.users.get(user.id) is None


async def test_an_exception_rolls_everything_back(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)

    async def fail_half_way() -> None:
        async with uow() as work:
            await work.users.save(user.with_consent(ConsentStatus.GIVEN))
            await work.inbox.add([make_message(user)])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await fail_half_way()
    async with uow() as work:
        assert await work.users.get(user.id) == user
        assert await work.transcript.list_for_user(user.id) == []


async def test_committed_work_is_visible_to_the_next_unit_and_later_writes_are_not(
        uow: UnitOfWorkFactory) -> None:
    user = make_user()
    async with uow() as work:
        await work.users.add(user)
        await work.commit()
        await work.users.save(replace(user, profile_name="after the commit"))
    async with uow() as work:
        assert await work.users.get(user.id) == user
