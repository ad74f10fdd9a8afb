"""One TaskQueue contract, two queues: in-process (always) and procrastinate on PostgreSQL."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.in_process import InProcessTaskQueue
from bobby_adapters.queue.jobs import RetryPolicy
from bobby_adapters.queue.procrastinate_queue import ProcrastinateTaskQueue
from bobby_adapters.queue.worker import worker_in_background
from bobby_core.model import UserId

FAST_RETRY = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=0.05),
                         max_delay=timedelta(seconds=0.2))
ALICE, BOB = UserId("alice"), UserId("bob")
SECRET = "my number is +447700900123 and I feel awful"


@dataclass
class Recorder:
    """Handlers that record every run; `gates` hold a user's runs until released."""

    runs: list[tuple[str, UserId | None, float, float]] = field(default_factory=list)
    started: list[tuple[str, UserId | None]] = field(default_factory=list)
    running: dict[tuple[str, UserId | None], int] = field(default_factory=dict)
    overlaps: int = 0
    peak: int = 0
    sleep: float = 0.0
    failures: dict[UserId, int] = field(default_factory=dict)
    gates: dict[UserId, asyncio.Event] = field(default_factory=dict)
    gate_all: asyncio.Event | None = None

    reminded: list[tuple[str, float]] = field(default_factory=list)

    def handlers(self) -> JobHandlers:
        return JobHandlers(run_turns=lambda user: self._run("turns", user),
                           deliver=lambda user: self._run("send", user),
                           sweep=lambda: self._run("sweep", None),
                           remind=self._remind,
                           close_idle=lambda user: self._run("idle", user))

    async def _remind(self, reminder_id: str) -> None:
        self.reminded.append((reminder_id, time.monotonic()))

    async def _run(self, kind: str, user: UserId | None) -> None:
        key = (kind, user)
        start = time.monotonic()
        self.started.append(key)
        self.running[key] = self.running.get(key, 0) + 1
        self.overlaps += self.running[key] > 1
        self.peak = max(self.peak, sum(self.running.values()))
        try:
            if user is not None and user in self.gates:
                await self.gates[user].wait()
            if kind != "sweep" and self.gate_all is not None:
                await self.gate_all.wait()
            await asyncio.sleep(self.sleep)
            if user is not None and self.failures.get(user, 0) > 0:
                self.failures[user] -= 1
                raise ValueError(SECRET)
        finally:
            self.running[key] -= 1
            self.runs.append((kind, user, start, time.monotonic()))

    def count(self, kind: str, user: UserId | None = None) -> int:
        return sum(1 for k, u, *_ in self.runs if k == kind and (user is None or u == user))


Queue = InProcessTaskQueue | ProcrastinateTaskQueue


@dataclass
class Harness:
    queue: Queue
    recorder: Recorder = field(default_factory=Recorder)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    def start(self, concurrency: int = 50) -> None:
        self._task = asyncio.create_task(self.queue.run_worker(
            self.recorder.handlers(), concurrency=concurrency, stop=self._stop))

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await asyncio.wait_for(self._task, 15)


@pytest.fixture(params=["in_process", pytest.param(
    "procrastinate", marks=[pytest.mark.integration, pytest.mark.postgres])])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    queue: Queue
    if request.param == "in_process":
        queue = InProcessTaskQueue(retry=FAST_RETRY, sweep_every=timedelta(seconds=1))
    else:
        queue = ProcrastinateTaskQueue(
            request.getfixturevalue("clean_postgres_url"), pool_size=5, retry=FAST_RETRY,
            sweep_every=timedelta(seconds=1), poll_every=timedelta(seconds=0.05))
    h = Harness(queue)
    try:
        yield h
    finally:
        await h.stop()
        await queue.close()


async def eventually(check: Callable[[], bool], within: float = 10.0) -> None:
    async with asyncio.timeout(within):
        while not check():  # noqa: ASYNC110 - polls state the handlers record
            await asyncio.sleep(0.02)


async def settle(seconds: float = 0.5) -> None:
    """Give a queue time to do something it should not do."""
    await asyncio.sleep(seconds)


async def test_a_second_defer_while_one_waits_is_a_no_op(harness: Harness) -> None:
    for _ in range(3):
        await harness.queue.defer_turns(ALICE)
    harness.start()
    await eventually(lambda: harness.recorder.count("turns") == 1)
    await settle()
    assert harness.recorder.count("turns") == 1


async def test_a_defer_during_a_run_queues_exactly_one_more(harness: Harness) -> None:
    gate = harness.recorder.gates[ALICE] = asyncio.Event()
    harness.start()
    await harness.queue.defer_turns(ALICE)
    await eventually(lambda: ("turns", ALICE) in harness.recorder.started)
    for _ in range(3):
        await harness.queue.defer_turns(ALICE)
    gate.set()
    await eventually(lambda: harness.recorder.count("turns", ALICE) == 2)
    await settle()
    assert harness.recorder.count("turns", ALICE) == 2


async def test_one_users_jobs_never_overlap_and_users_run_in_parallel(harness: Harness) -> None:
    harness.recorder.sleep = 0.2
    harness.start()
    users = [UserId(f"user-{n}") for n in range(10)]
    for _ in range(5):
        for user in users:
            await harness.queue.defer_turns(user)
        await asyncio.sleep(0.1)
    await eventually(lambda: harness.recorder.running.get(("turns", users[-1])) == 0
                     and all(harness.recorder.count("turns", u) >= 2 for u in users))
    assert harness.recorder.overlaps == 0
    assert harness.recorder.peak >= 5
    for user in users:
        mine = sorted((start, end) for k, u, start, end in harness.recorder.runs if u == user)
        assert all(prev_end <= start for (_, prev_end), (start, _) in itertools.pairwise(mine))


async def test_sending_has_a_lock_of_its_own(harness: Harness) -> None:
    harness.recorder.gates[ALICE] = asyncio.Event()
    harness.recorder.gates[BOB] = asyncio.Event()
    harness.start()
    await harness.queue.defer_turns(ALICE)
    await eventually(lambda: ("turns", ALICE) in harness.recorder.started)
    await harness.queue.defer_delivery(ALICE)
    await eventually(lambda: ("send", ALICE) in harness.recorder.started)
    assert harness.recorder.running[("turns", ALICE)] == 1
    harness.recorder.gates[ALICE].set()


async def test_a_delayed_job_waits_for_its_delay(harness: Harness) -> None:
    harness.start()
    deferred = time.monotonic()
    await harness.queue.defer_turns(ALICE, timedelta(seconds=1))
    await harness.queue.defer_delivery(BOB)
    await eventually(lambda: harness.recorder.count("turns", ALICE) == 1)
    (start,) = [s for k, u, s, _ in harness.recorder.runs if k == "turns"]
    assert start - deferred >= 0.9
    assert harness.recorder.count("send", BOB) == 1


async def test_a_failing_job_is_retried_until_it_succeeds(harness: Harness) -> None:
    harness.recorder.failures[ALICE] = 2
    harness.start()
    await harness.queue.defer_delivery(ALICE)
    await eventually(lambda: harness.recorder.count("send", ALICE) == 3)
    await settle()
    assert harness.recorder.count("send", ALICE) == 3
    assert harness.recorder.failures[ALICE] == 0


async def test_retries_stop_after_the_last_attempt_and_say_so_without_user_data(
        harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    harness.recorder.failures[ALICE] = 100
    harness.start()
    await harness.queue.defer_turns(ALICE)
    await eventually(lambda: harness.recorder.count("turns", ALICE) == FAST_RETRY.max_attempts)
    await eventually(lambda: "failed for good" in caplog.text)
    await settle(0.6)
    assert harness.recorder.count("turns", ALICE) == FAST_RETRY.max_attempts
    assert "+447700900123" not in caplog.text
    assert "awful" not in caplog.text


async def test_a_failure_while_another_job_waits_hands_over_to_that_job(harness: Harness) -> None:
    gate = harness.recorder.gates[ALICE] = asyncio.Event()
    harness.recorder.failures[ALICE] = 1
    harness.start()
    await harness.queue.defer_turns(ALICE)
    await eventually(lambda: ("turns", ALICE) in harness.recorder.started)
    await harness.queue.defer_turns(ALICE)
    gate.set()
    await eventually(lambda: harness.recorder.count("turns", ALICE) == 2)
    await settle()
    assert harness.recorder.count("turns", ALICE) == 2


async def test_the_sweep_runs_at_start_up_and_then_periodically(harness: Harness) -> None:
    harness.start()
    await eventually(lambda: harness.recorder.count("sweep") >= 1, within=2)
    await eventually(lambda: harness.recorder.count("sweep") >= 3, within=5)


async def test_many_jobs_run_at_once_on_one_worker(harness: Harness) -> None:
    gate = harness.recorder.gate_all = asyncio.Event()
    harness.start(concurrency=120)
    users = [UserId(f"many-{n}") for n in range(150)]
    for user in users:
        await harness.queue.defer_turns(user)
    # Every job holds until 120 run at once, which only a worker this concurrent reaches.
    await eventually(lambda: harness.recorder.peak >= 120, within=15)
    await settle(0.2)
    assert harness.recorder.peak == 120
    gate.set()
    await eventually(lambda: harness.recorder.count("turns") == len(users), within=15)


async def test_stop_ends_the_worker_and_lets_a_running_job_finish(harness: Harness) -> None:
    harness.recorder.sleep = 0.3
    harness.start()
    await harness.queue.defer_turns(ALICE)
    await eventually(lambda: ("turns", ALICE) in harness.recorder.started)
    await harness.stop()
    assert harness.recorder.count("turns", ALICE) == 1




async def test_a_worker_in_the_background_of_a_lifespan_works_until_the_block_ends(
        harness: Harness) -> None:
    async with worker_in_background(harness.queue, harness.recorder.handlers(),
                                    concurrency=5) as task:
        await harness.queue.defer_turns(ALICE)
        await eventually(lambda: harness.recorder.count("turns", ALICE) == 1)
    assert task.done()
    assert task.exception() is None


def soon(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


async def test_a_reminder_job_runs_at_its_time(harness: Harness) -> None:
    harness.start()
    scheduled = time.monotonic()
    await harness.queue.schedule_reminder(ALICE, "custom", "r1", soon(1.0))
    await eventually(lambda: len(harness.recorder.reminded) == 1)
    [(reminder_id, ran)] = harness.recorder.reminded
    assert reminder_id == "r1"
    assert ran - scheduled >= 0.8


async def test_a_new_reminder_of_the_same_kind_replaces_the_waiting_job(harness: Harness) -> None:
    harness.start()
    await harness.queue.schedule_reminder(ALICE, "custom", "old", soon(0.6))
    await harness.queue.schedule_reminder(ALICE, "custom", "new", soon(0.8))
    await harness.queue.schedule_reminder(ALICE, "boundaries_day", "other", soon(0.6))
    await harness.queue.schedule_reminder(BOB, "custom", "bobs", soon(0.6))
    await eventually(lambda: len(harness.recorder.reminded) == 3)
    await settle(0.8)
    assert sorted(r for r, _ in harness.recorder.reminded) == ["bobs", "new", "other"]


async def test_an_idle_check_waits_for_its_time_and_one_waits_per_user(harness: Harness) -> None:
    harness.start()
    scheduled = time.monotonic()
    await harness.queue.schedule_idle_check(ALICE, soon(0.8))
    await harness.queue.schedule_idle_check(ALICE, soon(1.0))
    await eventually(lambda: harness.recorder.count("idle", ALICE) == 1)
    (start,) = [s for k, u, s, _ in harness.recorder.runs if k == "idle"]
    assert start - scheduled >= 0.6
    await settle(0.8)
    assert harness.recorder.count("idle", ALICE) == 1


async def test_forgetting_an_erased_user_drops_their_waiting_jobs_only(harness: Harness) -> None:
    for user in (ALICE, BOB):
        await harness.queue.defer_turns(user, timedelta(seconds=0.4))
        await harness.queue.schedule_reminder(user, "custom", f"{user}-reminder", soon(0.4))
        await harness.queue.schedule_idle_check(user, soon(0.4))
    assert await harness.queue.forget_user(ALICE) == 3
    harness.start()
    await eventually(lambda: harness.recorder.count("turns", BOB) == 1
                     and harness.recorder.count("idle", BOB) == 1
                     and len(harness.recorder.reminded) == 1)
    await settle(0.6)
    assert harness.recorder.count("turns", ALICE) == harness.recorder.count("idle", ALICE) == 0
    assert [r for r, _ in harness.recorder.reminded] == ["bob-reminder"]
