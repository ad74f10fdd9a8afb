
"""RecordDeliveryStatus: the newest status wins, unknown messages are dropped."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bobby_adapters.fakes import FakeClock
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_core.model import DeliveryStatus, Direction, Message, MessageId, UserId
from bobby_core.use_cases.record_delivery_status import (
    RecordDeliveryStatus,
    RecordDeliveryStatusCommand,
)

SID = "SM" + "1" * 32
ORDER = [DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ]


def sent_message() -> InMemoryUnitOfWorkFactory:
    uow = InMemoryUnitOfWorkFactory()
    uow.store.messages["m1"] = Message(
        id=MessageId("m1"), user_id=UserId("u1"), direction=Direction.OUTBOUND, body="hello",
        created_at=datetime(2026, 1, 1, tzinfo=UTC), provider_message_id=SID,
        status=DeliveryStatus.QUEUED)
    return uow


async def record(uow: InMemoryUnitOfWorkFactory, status: DeliveryStatus, sid: str = SID,
                 code: str | None = None) -> tuple[bool, bool]:
    result = await RecordDeliveryStatus(uow, FakeClock()).execute(RecordDeliveryStatusCommand(
        provider_message_id=sid, status=status, error_code=code))
    return result.known, result.updated


async def test_a_failure_is_stored_with_its_error_code() -> None:
    uow = sent_message()
    assert await record(uow, DeliveryStatus.FAILED, code="63016") == (True, True)
    row = uow.store.messages["m1"]
    assert (row.status, row.error_code) == (DeliveryStatus.FAILED, "63016")


async def test_an_unknown_message_is_acknowledged_and_nothing_changes() -> None:
    uow = sent_message()
    assert await record(uow, DeliveryStatus.READ, sid="SM" + "2" * 32) == (False, False)
    assert uow.store.messages["m1"].status is DeliveryStatus.QUEUED


@given(st.permutations(ORDER))
async def test_reports_in_any_order_end_at_the_furthest_status(order: list[DeliveryStatus]) -> None:
    uow = sent_message()
    for status in order:
        await record(uow, status)
    assert uow.store.messages["m1"].status is DeliveryStatus.READ
