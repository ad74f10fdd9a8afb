from dataclasses import replace
from datetime import timedelta

import pytest

from bobby_adapters.fakes_billing import GOOD_SIGNATURE, FakeMailingList
from bobby_core.errors import ExternalServiceError, InvalidWebhookError
from bobby_core.model import UserId
from bobby_core.subscriptions.events import BillingEvent, BillingEventKind
from bobby_core.subscriptions.mailing import contact_key
from bobby_core.subscriptions.model import SubscriptionStatus
from bobby_core.use_cases.handle_billing_event import HandleBillingEventCommand, Outcome
from bobby_core.use_cases.sync_mailing_list import SyncMailingListCommand
from tests.unit.billing_support import PHONE, T0, Billing, changed, checkout, no_mailing, snapshot


async def test_a_completed_checkout_fetches_the_subscription_and_gives_access() -> None:
    billing = no_mailing()
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = snapshot()
    result = await billing.deliver(checkout(1))
    assert (result.outcome, result.user_id) == (Outcome.APPLIED, "u1")
    assert billing.gateway.fetched == ["sub_1"]
    now = await billing.access_of()
    assert (now.allowed, now.until, now.customer_id) == (True, T0 + timedelta(days=30), "cus_1")


async def test_the_user_is_found_by_the_collected_phone_when_there_is_no_reference() -> None:
    billing = no_mailing()
    await billing.add_user("u1", PHONE)
    await billing.add_user("u2", "+447700900999")
    billing.gateway.subscriptions["sub_1"] = snapshot()
    result = await billing.deliver(checkout(1, ref=None, phone=PHONE))
    assert result.user_id == "u1"
    assert (await billing.access_of("u1")).allowed
    assert not (await billing.access_of("u2")).allowed


async def test_an_unknown_reference_falls_back_to_the_phone_and_else_stays_unlinked() -> None:
    billing = no_mailing()
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = snapshot()
    assert (await billing.deliver(checkout(1, ref="nobody", phone="+15005550006"))).user_id is None
    assert not (await billing.access_of()).allowed
    # The subscription waits unlinked; a later event naming the user links it.
    assert (await billing.deliver(changed(2, snapshot(user_ref="u1")))).user_id == "u1"
    assert (await billing.access_of()).allowed


async def test_a_subscription_event_before_the_checkout_is_linked_when_the_checkout_arrives() -> None:
    billing = no_mailing()
    await billing.add_user()
    assert (await billing.deliver(changed(1, snapshot()))).user_id is None
    billing.gateway.subscriptions["sub_1"] = snapshot()
    await billing.deliver(checkout(2))
    assert (await billing.access_of()).allowed
    # A second subscription of the same customer is linked through the customer.
    assert (await billing.deliver(changed(3, snapshot(sub_id="sub_2", days=90)))).user_id == "u1"


async def test_a_repeated_event_is_applied_once() -> None:
    billing = no_mailing()
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = snapshot()
    event = checkout(1)
    assert (await billing.deliver(event)).outcome is Outcome.APPLIED
    billing.gateway.subscriptions["sub_1"] = snapshot(SubscriptionStatus.UNPAID)
    assert (await billing.deliver(event)).outcome is Outcome.DUPLICATE
    assert (await billing.access_of()).allowed


async def test_other_event_types_are_acknowledged_and_ignored() -> None:
    billing = no_mailing()
    other = BillingEvent(id="evt_x", type="charge.refunded", kind=BillingEventKind.IGNORED,
                         created=T0)
    assert (await billing.deliver(other)).outcome is Outcome.IGNORED
    assert billing.uow.store.processed_events == {}


async def test_a_bad_signature_is_rejected_before_anything_is_stored() -> None:
    billing = no_mailing()
    payload = billing.gateway.deliver(checkout(1))
    with pytest.raises(InvalidWebhookError):
        await billing.handle.execute(HandleBillingEventCommand(payload=payload, signature="forged",
                                                               source="stripe"))
    assert billing.uow.store.processed_events == {}


async def test_an_event_for_a_provider_not_configured_is_not_even_read() -> None:
    billing = no_mailing()
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = snapshot()
    payload = billing.gateway.deliver(checkout(1))
    with pytest.raises(InvalidWebhookError):
        await billing.handle.execute(HandleBillingEventCommand(
            payload=payload, signature=GOOD_SIGNATURE, source="another"))
    assert billing.uow.store.processed_events == {}
    assert billing.gateway.fetched == []


async def test_stripe_down_while_fetching_leaves_the_event_for_stripe_to_retry() -> None:
    billing = no_mailing()
    await billing.add_user()
    billing.gateway.down = True
    with pytest.raises(ExternalServiceError):
        await billing.deliver(checkout(1))
    billing.gateway.down = False
    billing.gateway.subscriptions["sub_1"] = snapshot()
    assert (await billing.deliver(checkout(1))).outcome is Outcome.APPLIED


async def test_a_one_off_payment_is_a_pass_for_the_configured_months() -> None:
    billing = no_mailing()
    await billing.add_user()
    await billing.deliver(checkout(1, one_off=True))
    assert billing.gateway.fetched == []
    assert (await billing.access_of(at=T0 + timedelta(days=27))).allowed
    assert not (await billing.access_of(at=T0 + timedelta(days=32))).allowed


def refund(n: int, payment: str, minutes: int = 60) -> BillingEvent:
    return BillingEvent(id=f"evt_r{n}", type="refund", kind=BillingEventKind.REFUNDED,
                        created=T0 + timedelta(minutes=minutes), payment_id=payment,
                        customer_id="cus_1")


@pytest.mark.parametrize("refund_first", [False, True])
async def test_a_refunded_pass_gives_no_access_whichever_arrives_first(refund_first: bool) -> None:
    billing = no_mailing()
    await billing.add_user()
    bought = replace(checkout(1, one_off=True), payment_id="pay_1")
    for event in ([refund(2, "pay_1"), bought] if refund_first else [bought, refund(2, "pay_1")]):
        await billing.deliver(event)
    assert not (await billing.access_of(at=T0 + timedelta(days=1))).allowed
    [row] = billing.uow.store.subscriptions.values()
    assert (row.id, row.user_id) == ("pay_1", "u1")


async def test_a_refund_of_another_payment_leaves_the_pass() -> None:
    billing = no_mailing()
    await billing.add_user()
    await billing.deliver(replace(checkout(1, one_off=True), payment_id="pay_1"))
    await billing.deliver(refund(2, "pay_other"))
    assert (await billing.access_of(at=T0 + timedelta(days=1))).allowed


async def test_an_address_that_comes_with_the_fetched_subscription_joins_the_list() -> None:
    mailing = FakeMailingList()
    billing = Billing(mailing=mailing)
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = replace(snapshot(), email="sam@example.com")
    await billing.deliver(checkout(1, email=None))
    assert mailing.contacts["sam@example.com"]["subscriber"] is True


async def test_the_subscriber_is_tagged_on_the_mailing_list_and_retagged_when_it_ends() -> None:
    mailing = FakeMailingList()
    billing = Billing(mailing=mailing)
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = snapshot()
    await billing.deliver(checkout(1, email="Sam@Example.com"))
    assert mailing.contacts["Sam@Example.com"] == {"subscriber": True, "trial": False,
                                                   "lapsed": False}
    await billing.deliver(changed(2, snapshot(SubscriptionStatus.CANCELED, days=-1), minutes=5))
    assert mailing.contacts["Sam@Example.com"]["lapsed"] is True
    assert billing.uow.store.mailing[contact_key("sam@example.com")].pending is False


async def test_without_a_mailing_list_no_address_is_kept() -> None:
    billing = no_mailing()
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = snapshot()
    await billing.deliver(checkout(1))
    assert billing.uow.store.mailing == {}


async def test_deleting_the_user_forgets_the_address_and_removes_the_contact() -> None:
    mailing = FakeMailingList()
    billing = Billing(mailing=mailing)
    await billing.add_user()
    billing.gateway.subscriptions["sub_1"] = snapshot()
    await billing.deliver(checkout(1))
    async with billing.uow() as work:
        await work.users.delete(UserId("u1"))
        await work.commit()
    [entry] = billing.uow.store.mailing.values()
    assert (entry.email, entry.delete, entry.pending) == (None, True, True)
    assert billing.uow.store.subscriptions == {}
    await billing.sync.execute(SyncMailingListCommand())
    assert mailing.deleted == [contact_key("sam@example.com")]
    assert billing.uow.store.mailing == {}
