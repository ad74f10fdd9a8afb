from dataclasses import replace
from datetime import timedelta

from bobby_adapters.fakes_billing import FakeMailingList
from bobby_core.errors import MailingListError
from bobby_core.model import UserId
from bobby_core.subscriptions.access import Access
from bobby_core.subscriptions.mailing import MAX_ATTEMPTS, contact_key, wanted_subscription
from bobby_core.use_cases.sync_mailing_list import SyncMailingListCommand
from tests.unit.billing_support import Billing

KEY = contact_key("sam@example.com")


async def want(billing: Billing, allowed: bool = True) -> None:
    async with billing.uow() as work:
        await work.mailing.want(wanted_subscription("sam@example.com", UserId("u1"),
                                                    Access(allowed=allowed)))
        await work.commit()


async def test_a_provider_outage_is_retried_later_with_back_off_and_then_synced() -> None:
    mailing = FakeMailingList(failures=[MailingListError("HTTP 503", permanent=False)])
    billing = Billing(mailing=mailing)
    await want(billing)
    result = await billing.sync.execute(SyncMailingListCommand())
    assert (result.synced, result.failed) == (0, 1)
    entry = billing.uow.store.mailing[KEY]
    assert (entry.pending, entry.attempts, entry.last_error) == (True, 1, "HTTP 503")
    assert (await billing.sync.execute(SyncMailingListCommand())).synced == 0  # not due yet
    billing.clock.advance(timedelta(minutes=3))
    assert (await billing.sync.execute(SyncMailingListCommand())).synced == 1
    assert mailing.contacts["sam@example.com"]["subscriber"] is True
    assert billing.uow.store.mailing[KEY].pending is False


async def test_a_rejected_address_is_given_up_at_once_and_kept_for_an_operator() -> None:
    mailing = FakeMailingList(failures=[MailingListError("HTTP 422 (/email_address)",
                                                         permanent=True)])
    billing = Billing(mailing=mailing)
    await want(billing)
    await billing.sync.execute(SyncMailingListCommand())
    entry = billing.uow.store.mailing[KEY]
    assert (entry.pending, entry.failed) == (False, True)
    billing.clock.advance(timedelta(days=1))
    assert (await billing.sync.execute(SyncMailingListCommand())).failed == 0
    assert mailing.calls == 1


async def test_retries_stop_after_the_maximum_attempts() -> None:
    failures = [MailingListError("down", permanent=False) for _ in range(MAX_ATTEMPTS + 2)]
    mailing = FakeMailingList(failures=failures)
    billing = Billing(mailing=mailing)
    await want(billing)
    for _ in range(MAX_ATTEMPTS + 2):
        await billing.sync.execute(SyncMailingListCommand())
        billing.clock.advance(timedelta(hours=7))
    assert mailing.calls == MAX_ATTEMPTS
    assert billing.uow.store.mailing[KEY].failed


async def test_a_change_recorded_while_a_push_ran_is_not_marked_done() -> None:
    billing = Billing()
    await want(billing)
    async with billing.uow() as work:
        [pushed] = await work.mailing.due(billing.clock.now(), 10)
    await want(billing, allowed=False)  # a newer wish arrives meanwhile
    async with billing.uow() as work:
        assert not await work.mailing.record(replace(pushed, pending=False))
        await work.commit()
    assert billing.uow.store.mailing[KEY].pending


async def test_right_after_an_event_only_that_users_contacts_are_pushed() -> None:
    mailing = FakeMailingList()
    billing = Billing(mailing=mailing)
    async with billing.uow() as work:
        for n in range(8):
            await work.mailing.want(wanted_subscription(f"other{n}@example.com", UserId(f"o{n}"),
                                                        Access(allowed=True)))
        await work.commit()
    await want(billing)
    result = await billing.sync.execute(SyncMailingListCommand(user_id=UserId("u1"), limit=5))
    assert result.synced == 1
    assert list(mailing.contacts) == ["sam@example.com"]
