"""The event loop of Bobby's long-running processes: uvloop where it is installed.

A turn is mostly waiting on sockets (PostgreSQL, the model, Twilio): psycopg registers and
unregisters its socket with the loop around every query, and asyncio's pure-Python selector
loop spent a large share of the worker's CPU doing that. uvloop does the same on libuv. It is
not available on Windows; there the standard loop runs (same behaviour, slower)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop constructor, or None for asyncio's default."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def uvicorn_loop() -> str:
    """The `loop` setting for uvicorn: the same choice as the worker's."""
    return "uvloop" if loop_factory() is not None else "asyncio"


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on the loop above."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
