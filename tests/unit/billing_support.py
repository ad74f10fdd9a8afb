"""Hand-wired billing use cases over the in-memory store and fakes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bobby_adapters.disabled import NoMailingList
from bobby_adapters.fakes import FakeClock
from bobby_adapters.fakes_billing import GOOD_SIGNATURE, FakeMailingList, FakePaymentGateway
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_core.model import User, UserId
from bobby_core.ports import MailingList
from bobby_core.subscriptions.access import Access, AccessRules, access
from bobby_core.subscriptions.events import BillingEvent, BillingEventKind, SubscriptionSnapshot
from bobby_core.subscriptions.model import SubscriptionStatus
from bobby_core.use_cases.handle_billing_event import (
    HandleBillingEvent,
    HandleBillingEventCommand,
    HandleBillingEventResult,
)
from bobby_core.use_cases.sync_mailing_list import SyncMailingList

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PHONE = "+447700900123"


@dataclass
class Billing:
    mailing: MailingList = field(default_factory=FakeMailingList)
    gateway: FakePaymentGateway = field(default_factory=FakePaymentGateway)
    clock: FakeClock = field(default_factory=lambda: FakeClock(T0))
    uow: InMemoryUnitOfWorkFactory = field(default_factory=InMemoryUnitOfWorkFactory)

    def __post_init__(self) -> None:
        self.sync = SyncMailingList(self.uow, self.mailing, self.clock)
        self.handle = HandleBillingEvent(self.uow, self.gateway, self.clock, AccessRules(),
                                         self.sync)

    async def add_user(self, user_id: str = "u1", phone: str = PHONE) -> User:
        user = User(id=UserId(user_id), phone=phone, created_at=T0)
        async with self.uow() as work:
            await work.users.add(user)
            await work.commit()
        return user

    async def deliver(self, event: BillingEvent) -> HandleBillingEventResult:
        payload = self.gateway.deliver(event)
        return await self.handle.execute(HandleBillingEventCommand(
            payload=payload, signature=GOOD_SIGNATURE, source=self.gateway.name))

    async def access_of(self, user_id: str = "u1", at: datetime | None = None) -> Access:
        async with self.uow() as work:
            subs = await work.subscriptions.list_for_user(UserId(user_id))
        return access(subs, at or self.clock.now(), AccessRules())


def no_mailing() -> Billing:
    return Billing(mailing=NoMailingList())


def snapshot(status: SubscriptionStatus = SubscriptionStatus.ACTIVE, days: int = 30,
             sub_id: str = "sub_1", user_ref: str | None = None) -> SubscriptionSnapshot:
    return SubscriptionSnapshot(id=sub_id, status=status, period_end=T0 + timedelta(days=days),
                                customer_id="cus_1", user_ref=user_ref)


def checkout(n: int, *, ref: str | None = "u1", phone: str | None = None,
             email: str | None = "sam@example.com", one_off: bool = False,
             paid: bool = True, sub_id: str | None = "sub_1") -> BillingEvent:
    return BillingEvent(id=f"evt_c{n}", type="checkout.session.completed",
                        kind=BillingEventKind.CHECKOUT_COMPLETED, created=T0,
                        checkout_id=f"cs_{n}", subscription_id=None if one_off else sub_id,
                        customer_id="cus_1", one_off=one_off, paid=paid,
                        client_reference_id=ref, phone=phone, email=email)


def changed(n: int, snap: SubscriptionSnapshot, minutes: int = 1) -> BillingEvent:
    return BillingEvent(id=f"evt_s{n}", type="customer.subscription.updated",
                        kind=BillingEventKind.SUBSCRIPTION_CHANGED,
                        created=T0 + timedelta(minutes=minutes), subscription_id=snap.id,
                        customer_id=snap.customer_id, snapshot=snap)
