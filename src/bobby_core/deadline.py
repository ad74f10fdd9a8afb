"""Waiting on I/O for a bounded time without waiting for its cancellation too.

`asyncio.wait_for` waits until a cancelled operation has unwound; a database driver cancelling a
query on a connection that stopped answering can take seconds more to do so. Here the caller
gets TimeoutError at the bound, and the operation is cancelled behind it."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def bounded(operation: Coroutine[Any, Any, T], seconds: float) -> T:
    """The operation's result if it ends within `seconds`; else raise TimeoutError."""
    task = asyncio.ensure_future(operation)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except asyncio.CancelledError:
        _abandon(task)
        raise
    if not done:
        _abandon(task)
        raise TimeoutError(f"no answer within {seconds:g} s")
    return task.result()


def _abandon(task: asyncio.Future[Any]) -> None:
    task.cancel()
    # Its outcome no longer matters to anyone; retrieving it keeps asyncio from reporting it.
    task.add_done_callback(lambda t: t.cancelled() or t.exception())
