"""The metric decorators count what passes through the ports, and change nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from prometheus_client import CollectorRegistry

from bobby_adapters.fakes import FakeMessenger
from bobby_adapters.memory import InMemoryUnitOfWork, InMemoryUnitOfWorkFactory
from bobby_adapters.prometheus_metrics import (
    MeasuredLanguageModel,
    MeasuredMessenger,
    PrometheusMetrics,
)
from bobby_core.errors import DeliveryError, ExternalServiceError
from bobby_core.llm import ExtractRequest
from bobby_core.model import MessageId, OutboundMessage, Recipient
from tests.unit.harness import Bobby
from tests.unit.llm_doubles import DownLanguageModel, RecordingLanguageModel


def value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    found = registry.get_sample_value(name, labels)
    return 0.0 if found is None else found


async def test_model_calls_are_timed_and_their_tokens_and_failures_counted() -> None:
    metrics = PrometheusMetrics()
    request = ExtractRequest(instruction="find", text="a day", fields=())
    ok = MeasuredLanguageModel(RecordingLanguageModel(), metrics)
    await ok.extract(request)
    down = MeasuredLanguageModel(DownLanguageModel(), metrics)
    with pytest.raises(ExternalServiceError):
        await down.extract(request)
    r = metrics.registry
    assert value(r, "bobby_model_tokens_total", kind="prompt") == 100
    assert value(r, "bobby_model_tokens_total", kind="completion") == 20
    assert value(r, "bobby_model_errors_total", call="extract") == 1
    assert value(r, "bobby_model_call_seconds_count", call="extract") == 2
    assert ok.name == "recording"


async def test_sends_are_counted_by_status() -> None:
    metrics, fake = PrometheusMetrics(), FakeMessenger()
    messenger = MeasuredMessenger(fake, metrics)
    message = OutboundMessage(reference=MessageId("m1"), to=Recipient(phone="+447700900123"), body="hi")
    await messenger.send(message)
    fake.failures = [DeliveryError("63016", permanent=True), DeliveryError(None, permanent=False)]
    for _ in range(2):
        with pytest.raises(DeliveryError):
            await messenger.send(message)
    r = metrics.registry
    assert [value(r, "bobby_sends_total", status=s) for s in ("sent", "failed", "retrying")] == [
        1, 1, 1]
    assert len(fake.sent) == 1


class OutageUnitOfWorkFactory(InMemoryUnitOfWorkFactory):
    """The in-memory store, or (while `down`) a database that refuses every connection."""

    down = False

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[InMemoryUnitOfWork]:
        if self.down:
            raise ExternalServiceError("database", "OperationalError")
        async with super().__call__() as uow:
            yield uow


async def test_jobs_count_turns_by_outcome_and_failures_by_kind() -> None:
    uow = OutageUnitOfWorkFactory()
    bobby = Bobby(llm=DownLanguageModel(), uow=uow)
    await bobby.consented()
    await bobby.say("2")
    await bobby.say("My manager criticised my report")  # the belief loop's model is down
    uow.down = True
    user = bobby.user().id
    for job in (bobby.jobs.run_turns(user), bobby.jobs.deliver(user), bobby.jobs.sweep(),
                bobby.jobs.remind("r1"), bobby.jobs.close_idle(user)):
        with pytest.raises(ExternalServiceError):
            await job
    r = bobby.container.get(PrometheusMetrics).registry
    assert value(r, "bobby_turns_total", outcome="answered") == 3
    assert value(r, "bobby_turns_total", outcome="model_unavailable") == 1
    assert value(r, "bobby_turns_total", outcome="failed") == 1
    assert value(r, "bobby_turn_seconds_count") == 4
    assert [value(r, "bobby_job_failures_total", kind=k)
            for k in ("turns", "send", "sweep", "remind", "idle")] == [1, 1, 1, 1, 1]


async def test_the_queue_depth_is_read_at_scrape_and_a_database_outage_is_survived() -> None:
    depth = {"inbound_waiting": 3, "outbound_unsent": 1}
    down = False

    async def probe() -> dict[str, int]:
        if down:
            raise ExternalServiceError("database", "OperationalError")
        return depth

    metrics = PrometheusMetrics(depth=probe)
    text = (await metrics.exposition()).decode()
    assert 'bobby_queue_depth{queue="inbound_waiting"} 3.0' in text
    down = True
    assert b"bobby_queue_depth" in await metrics.exposition()
