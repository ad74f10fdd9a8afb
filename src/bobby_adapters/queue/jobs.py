"""What both queues share: job kinds, the retry policy, and failures logged without user data."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

import structlog

from bobby_adapters.queue.handlers import JobHandlers
from bobby_core.model import UserId

logger = logging.getLogger("bobby.queue")

DEFAULT_CONCURRENCY = 500
"""Jobs one worker process runs at once. A turn mostly waits on the model (2 s), so a process
running N at once finishes at most N / 2 turns a second: 500 for the 200 msg/s target."""
DEFAULT_SWEEP_EVERY = timedelta(seconds=30)


class JobKind(StrEnum):
    TURNS = "turns"
    SEND = "send"
    SWEEP = "sweep"
    REMIND = "remind"
    IDLE = "idle"


def lock_key(kind: JobKind, user_id: UserId) -> str:
    """The per-user, per-kind key: jobs sharing it run one at a time and at most one waits."""
    return f"{kind}:{user_id}"


def reminder_key(user_id: UserId, reminder_kind: str) -> str:
    """One waiting reminder job per user and reminder kind (a new request replaces it)."""
    return f"{JobKind.REMIND}:{user_id}:{reminder_kind}"


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """Exponential backoff: `first_delay`, doubling up to `max_delay`, `max_attempts` runs in all."""

    max_attempts: int = 5
    first_delay: timedelta = timedelta(seconds=1)
    max_delay: timedelta = timedelta(seconds=60)

    def delay_after(self, failed_attempts: int) -> timedelta | None:
        """How long to wait after the n-th failed run (1-based), or None when none is left."""
        if failed_attempts >= self.max_attempts:
            return None
        return min(self.first_delay * (1 << (failed_attempts - 1)), self.max_delay)


class JobFailedError(Exception):
    """A handler raised. Carries only the job kind and the exception's class: the original
    message may hold user text (a database error quotes its parameters), so it never reaches
    a log or the queue's tables."""

    def __init__(self, kind: str, cause: BaseException) -> None:
        super().__init__(f"{kind} job failed: {type(cause).__name__}")
        self.kind = kind
        self.cause_name = type(cause).__name__


async def call_handler(handlers: JobHandlers, kind: JobKind, arg: str | None,
                       job_id: object = None) -> None:
    """Run one job's handler (`arg`: the user id, or the reminder id of a REMIND job); any
    failure comes out as a JobFailedError without its message.

    Every line logged meanwhile carries the job's kind and id."""
    with structlog.contextvars.bound_contextvars(
            job_kind=str(kind), job_id=None if job_id is None else str(job_id)):
        started = time.perf_counter()
        await _call(handlers, kind, arg)
        # The periodic sweep runs every few seconds: its line would drown the others at INFO
        # (what it finds to do, it logs itself).
        level = logging.DEBUG if kind is JobKind.SWEEP else logging.INFO
        logger.log(level, "job %s done", kind,
                   extra={"duration_ms": round((time.perf_counter() - started) * 1000, 1)})


async def _call(handlers: JobHandlers, kind: JobKind, arg: str | None) -> None:
    try:
        if kind is JobKind.SWEEP:
            await handlers.sweep()
        elif kind is JobKind.TURNS:
            await handlers.run_turns(UserId(_needs(arg)))
        elif kind is JobKind.SEND:
            await handlers.deliver(UserId(_needs(arg)))
        elif kind is JobKind.REMIND:
            if handlers.remind is not None:
                await handlers.remind(_needs(arg))
        elif handlers.close_idle is not None:
            await handlers.close_idle(UserId(_needs(arg)))
    except Exception as exc:
        raise JobFailedError(kind, exc) from None


def _needs(arg: str | None) -> str:
    if arg is None:
        raise ValueError("this job kind needs an argument")
    return arg


def log_retry(kind: str, job_id: object, attempt: int, delay: timedelta, error: str) -> None:
    logger.warning("job %s %s failed (attempt %d, %s); retrying in %.1f s",
                   kind, job_id, attempt, error, delay.total_seconds())


def log_gave_up(kind: str, job_id: object, attempts: int, error: str) -> None:
    logger.error("job %s %s failed for good after %d attempts (%s)", kind, job_id, attempts, error)


def log_superseded(kind: str, job_id: object, error: str) -> None:
    logger.warning("job %s %s failed (%s); the job already waiting for this user takes over",
                   kind, job_id, error)
