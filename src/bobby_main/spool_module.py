"""The inbox's spool: the files under SPOOL_DIR, the webhook's bounded acceptance, and the
drain that runs beside the web app (the spool is on this process's disk)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from injector import Injector, Module, provider, singleton

from bobby_adapters.file_spool import FileInboxSpool
from bobby_core.ports import Clock
from bobby_core.ports.spool import InboxSpool
from bobby_core.use_cases.accept_message import AcceptInboundMessage
from bobby_core.use_cases.drain_spool import DrainSpool
from bobby_core.use_cases.receive_message import ReceiveMessage
from bobby_main.settings import Settings
from bobby_main.startup import field_cipher

log = logging.getLogger("bobby.spool")

DRAIN_EVERY = 1.0
"""Seconds between looks at the spool (a message spooled while the database is up waits one)."""


class SpoolModule(Module):
    @singleton
    @provider
    def spool(self, s: Settings) -> InboxSpool:
        return FileInboxSpool(s.spool_dir, field_cipher(s))

    @singleton
    @provider
    def accept(self, receive: ReceiveMessage, spool: InboxSpool, clock: Clock,
               s: Settings) -> AcceptInboundMessage:
        return AcceptInboundMessage(
            receive, spool, clock, timedelta(seconds=s.database_statement_timeout_seconds))

    @singleton
    @provider
    def drain(self, spool: InboxSpool, receive: ReceiveMessage) -> DrainSpool:
        return DrainSpool(spool, receive)


@asynccontextmanager
async def draining(container: Injector, every: float = DRAIN_EVERY) -> AsyncIterator[None]:
    """Drain the spool into the inbox for the life of the block."""
    drain = container.get(DrainSpool)

    async def loop() -> None:
        while True:
            try:
                await drain.execute()
            except Exception:  # a bug must not stop the drain for good; it is logged
                log.exception("draining the spool failed")
            await asyncio.sleep(every)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
