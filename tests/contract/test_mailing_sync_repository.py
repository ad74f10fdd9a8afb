from dataclasses import replace
from datetime import timedelta

from bobby_core.ports import UnitOfWorkFactory
from bobby_core.subscriptions.access import Access
from bobby_core.subscriptions.mailing import MailingEntry, contact_key, wanted_subscription
from tests.contract.objects import T0, next_id, stored_user


async def test_a_wish_is_pending_until_recorded_as_synced(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    email = f"{next_id('sam')}@example.com"
    async with uow() as work:
        await work.mailing.want(wanted_subscription(email, user.id, Access(allowed=True)))
        await work.commit()
    async with uow() as work:
        [due] = await work.mailing.due(T0, 10)
        assert (due.email, due.tags["subscriber"], due.revision) == (email, True, 1)
        assert await work.mailing.for_user(user.id) == [due]
        assert await work.mailing.record(replace(due, pending=False))
        await work.commit()
    async with uow() as work:
        assert await work.mailing.due(T0, 10) == []
        # The same wish again changes nothing; a different one is pending with a new revision.
        await work.mailing.want(wanted_subscription(email, user.id, Access(allowed=True)))
        assert await work.mailing.due(T0, 10) == []
        await work.mailing.want(wanted_subscription(email, user.id, Access(allowed=False)))
        [again] = await work.mailing.due(T0, 10)
        assert (again.revision, again.tags["lapsed"]) == (2, True)
        assert not await work.mailing.record(replace(due, pending=False))  # stale revision
        await work.commit()


async def test_a_failure_waits_for_its_next_attempt(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    entry = wanted_subscription(f"{next_id('a')}@example.com", user.id, Access(allowed=True))
    async with uow() as work:
        await work.mailing.want(entry)
        [due] = await work.mailing.due(T0, 10)
        assert await work.mailing.record(due.after_failure(T0, "HTTP 503", permanent=False))
        await work.commit()
    async with uow() as work:
        assert await work.mailing.due(T0 + timedelta(minutes=1), 10) == []
        [later] = await work.mailing.due(T0 + timedelta(minutes=2), 10)
        assert (later.attempts, later.last_error) == (1, "HTTP 503")
        stored = await work.mailing.get(entry.contact_key)
        assert stored == later


async def test_deleting_the_user_keeps_only_the_key_until_the_contact_is_removed(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    email = f"{next_id('del')}@example.com"
    async with uow() as work:
        await work.mailing.want(wanted_subscription(email, user.id, Access(allowed=True)))
        await work.commit()
    async with uow() as work:
        await work.users.delete(user.id)
        await work.commit()
    async with uow() as work:
        [due] = await work.mailing.due(T0, 10)
        assert isinstance(due, MailingEntry)
        assert (due.contact_key, due.email, due.user_id, due.delete) == (
            contact_key(email), None, None, True)
        assert await work.mailing.record(replace(due, pending=False))
        await work.commit()
    async with uow() as work:
        assert await work.mailing.get(contact_key(email)) is None
