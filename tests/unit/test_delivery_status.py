
"""RecordDeliveryStatus: the newest status wins, unknown messages are dropped."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bobby_adapters.fakes import FakeClock, FakeTaskQueue
from bobby_adapters.memory import InMemoryUnitOfWorkFactory
from bobby_core.model import (
    SEND_INTERRUPTED,
    DeliveryStatus,
    Direction,
    Message,
    MessageId,
    UserId,
)
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
    recorder = RecordDeliveryStatus(uow, FakeClock(), FakeTaskQueue())
    result = await recorder.execute(RecordDeliveryStatusCommand(
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


@given(st.sampled_from([DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ]),
       st.booleans())
async def test_a_late_receipt_corrects_an_interrupted_send(status: DeliveryStatus,
                                                           sid_known: bool) -> None:
    # The sweep failed it: its worker died mid-send, maybe before the provider's id was saved.
    uow = sent_message()
    row = uow.store.messages["m1"]
    uow.store.messages["m1"] = replace(
        row, status=DeliveryStatus.FAILED, error_code=SEND_INTERRUPTED, attempts=1,
        provider_message_id=SID if sid_known else None)
    recorder = RecordDeliveryStatus(uow, FakeClock(), FakeTaskQueue())
    result = await recorder.execute(RecordDeliveryStatusCommand(
        provider_message_id=SID, status=status, reference="m1"))
    assert (result.known, result.updated) == (True, True)
    corrected = uow.store.messages["m1"]
    assert (corrected.status, corrected.error_code) == (status, None)
    assert (corrected.attempts, corrected.provider_message_id) == (1, SID)  # the try stays


async def test_a_real_failure_is_not_undone_by_a_late_sent() -> None:
    uow = sent_message()
    assert await record(uow, DeliveryStatus.FAILED, code="63016") == (True, True)
    assert await record(uow, DeliveryStatus.SENT) == (True, False)
    row = uow.store.messages["m1"]
    assert (row.status, row.error_code) == (DeliveryStatus.FAILED, "63016")
