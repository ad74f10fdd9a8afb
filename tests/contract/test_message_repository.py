import pytest

from bobby_core.errors import ConcurrentUpdateError
from bobby_core.model import DeliveryStatus, Direction
from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import T0, make_message, next_id, stored_user


async def test_messages_are_listed_oldest_first_and_found_by_provider_id(
        uow: UnitOfWorkFactory) -> None:
    user, other = await stored_user(uow), await stored_user(uow)
    sid = next_id("SM")
    inbound = make_message(user, provider_id=sid)
    # Same timestamps on purpose: insertion order decides, as with a fixed test clock.
    later = [make_message(user, direction=Direction.OUTBOUND, in_reply_to=inbound.id)
             for _ in range(3)]
    async with uow() as work:
        await work.messages.add(inbound)
        await work.messages.add(make_message(other))
        for message in later:
            await work.messages.add(message)
        await work.commit()
    async with uow() as work:
        assert await work.messages.list_for_user(user.id) == [inbound, *later]
        assert await work.messages.get_by_provider_id(sid) == inbound
        assert await work.messages.get_by_provider_id(next_id("SM")) is None


async def test_replies_to_returns_only_the_outbound_answers_in_order(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    inbound = make_message(user, provider_id=next_id("SM"))
    first = make_message(user, direction=Direction.OUTBOUND, in_reply_to=inbound.id, minutes=1)
    second = make_message(user, direction=Direction.OUTBOUND, in_reply_to=inbound.id, minutes=1)
    async with uow() as work:
        for message in (inbound, first, second,
                        make_message(user, direction=Direction.INBOUND, in_reply_to=inbound.id),
                        make_message(user, direction=Direction.OUTBOUND)):
            await work.messages.add(message)
        await work.commit()
    async with uow() as work:
        assert await work.messages.replies_to(inbound.id) == [first, second]
        assert await work.messages.replies_to(first.id) == []


async def test_a_duplicate_provider_id_is_refused_and_the_work_goes_on(
        uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    sid = next_id("SM")
    original = make_message(user, provider_id=sid)
    async with uow() as work:
        await work.messages.add(original)
        await work.commit()
    async with uow() as work:
        with pytest.raises(ConcurrentUpdateError):
            await work.messages.add(make_message(user, provider_id=sid))
        assert await work.messages.get_by_provider_id(sid) == original
        await work.messages.add(make_message(user))  # messages without a provider id never clash
        await work.messages.add(make_message(user))
        await work.commit()
    async with uow() as work:
        assert len(await work.messages.list_for_user(user.id)) == 3


async def test_delivery_status_and_provider_id_are_recorded(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    outbound = make_message(user, direction=Direction.OUTBOUND)
    sid = next_id("SM")
    async with uow() as work:
        await work.messages.add(outbound)
        await work.messages.set_status(outbound.id, DeliveryStatus.SENT, at=T0,
                                       provider_message_id=sid)
        assert await work.messages.update_status(sid, DeliveryStatus.FAILED, "63016")
        assert not await work.messages.update_status(next_id("SM"), DeliveryStatus.READ, None)
        await work.commit()
    async with uow() as work:
        found = await work.messages.get_by_provider_id(sid)
    assert found is not None
    assert (found.id, found.status, found.error_code) == (outbound.id, DeliveryStatus.FAILED, "63016")


async def test_a_turns_token_usage_is_stored_on_its_inbound_message(uow: UnitOfWorkFactory) -> None:
    user = await stored_user(uow)
    inbound = make_message(user, provider_id=next_id("SM"))
    async with uow() as work:
        await work.messages.add(inbound)
        await work.commit()
    async with uow() as work:
        await work.messages.record_usage(inbound.id, 1200, 85)
        await work.commit()
    async with uow() as work:
        [stored] = await work.messages.list_for_user(user.id)
    assert (stored.prompt_tokens, stored.completion_tokens) == (1200, 85)
