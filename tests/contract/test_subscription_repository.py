from datetime import timedelta

from bobby_core.model import UserId
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.subscriptions.model import Evidence, PlanKind, Subscription, SubscriptionStatus
from tests.contract.objects import T0, next_id, stored_user


def make(user_id: UserId | None, customer: str | None = "cus_1", **extra: object) -> Subscription:
    return Subscription(id=next_id("sub"), status=SubscriptionStatus.ACTIVE, as_of=T0,
                        period_end=T0 + timedelta(days=30), user_id=user_id,
                        customer_id=customer, **extra)  # type: ignore[arg-type]


async def test_a_subscription_round_trips_and_is_overwritten_by_id(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    sub = make(user.id, cancel_at_period_end=True, evidence=Evidence.INFERRED)
    async with uow() as work:
        await work.subscriptions.lock(sub.id)
        await work.subscriptions.save(sub)
        await work.commit()
    async with uow() as work:
        assert await work.subscriptions.get(sub.id) == sub
        changed = Subscription(id=sub.id, status=SubscriptionStatus.CANCELED, as_of=T0,
                               user_id=user.id, kind=PlanKind.ONE_OFF)
        await work.subscriptions.save(changed)
        await work.commit()
    async with uow() as work:
        assert await work.subscriptions.get(sub.id) == changed
        assert await work.subscriptions.get("sub_missing") is None


async def test_subscriptions_are_listed_per_user_and_may_wait_unlinked(uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    mine, theirs, waiting = make(user.id), make(other.id, "cus_2"), make(None, "cus_3")
    async with uow() as work:
        for sub in (mine, theirs, waiting):
            await work.subscriptions.save(sub)
        await work.commit()
    async with uow() as work:
        assert await work.subscriptions.list_for_user(user.id) == [mine]
        assert await work.subscriptions.user_for_customer("cus_1") == user.id
        assert await work.subscriptions.user_for_customer("cus_3") is None
        assert await work.subscriptions.get(waiting.id) == waiting


async def test_deleting_a_user_deletes_their_subscriptions(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    sub = make(user.id)
    async with uow() as work:
        await work.subscriptions.save(sub)
        await work.commit()
    async with uow() as work:
        await work.users.delete(user.id)
        await work.commit()
    async with uow() as work:
        assert await work.subscriptions.get(sub.id) is None
