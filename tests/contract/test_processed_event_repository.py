from bobby_core.ports import UnitOfWorkFactory
from tests.contract.objects import next_id


async def test_an_event_is_processed_once_per_source(uow: UnitOfWorkFactory) -> None:
    event = next_id("evt")
    async with uow() as work:
        assert not await work.processed_events.was_processed("stripe", event)
        assert await work.processed_events.mark_processed("stripe", event)
        assert await work.processed_events.was_processed("stripe", event)
        assert not await work.processed_events.was_processed("twilio", event)
        assert not await work.processed_events.mark_processed("stripe", event)
        assert await work.processed_events.mark_processed("twilio", event)
        await work.commit()
    async with uow() as work:
        assert not await work.processed_events.mark_processed("stripe", event)
        assert await work.processed_events.mark_processed("stripe", next_id("evt"))


async def test_an_uncommitted_mark_is_forgotten(uow: UnitOfWorkFactory) -> None:
    event = next_id("evt")
    async with uow() as work:
        assert await work.processed_events.mark_processed("stripe", event)
    async with uow() as work:
        assert await work.processed_events.mark_processed("stripe", event)
