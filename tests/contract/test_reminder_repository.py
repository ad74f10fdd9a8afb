from datetime import timedelta

from bobby_core.model import Reminder, ReminderStatus
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, next_id, stored_user


def reminder(user_id: str, days: int, kind: str = "custom") -> Reminder:
    return Reminder(id=next_id("rem"), user_id=user_id, kind=kind,  # type: ignore[arg-type]
                    due_at=T0 + timedelta(days=days), created_at=T0)


async def test_a_new_reminder_cancels_the_pending_one_of_the_same_kind(
        uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    first, second = reminder(user.id, 2), reminder(user.id, 5)
    weekly, others = reminder(user.id, 7, kind="weekly"), reminder(other.id, 1)
    async with uow() as work:
        for item in (first, weekly, others):
            await work.reminders.replace_pending(item)
        await work.commit()
    async with uow() as work:
        await work.reminders.replace_pending(second)
        await work.commit()
    async with uow() as work:
        mine = await work.reminders.list_for_user(user.id)
        theirs = await work.reminders.list_for_user(other.id)
    assert [(r.id, r.status) for r in mine] == [
        (first.id, ReminderStatus.CANCELLED), (weekly.id, ReminderStatus.PENDING),
        (second.id, ReminderStatus.PENDING)]
    assert mine[2].due_at == T0 + timedelta(days=5)
    assert theirs == [others]


async def test_reminders_roll_back_without_commit_and_go_with_the_user(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    async with uow() as work:
        await work.reminders.replace_pending(reminder(user.id, 3))
    async with uow() as work:
        assert await work.reminders.list_for_user(user.id) == []
        await work.reminders.replace_pending(reminder(user.id, 3))
        await work.commit()
    async with uow() as work:
        await work.users.delete(user.id)
        await work.commit()
    async with uow() as work:
        assert await work.reminders.list_for_user(user.id) == []
