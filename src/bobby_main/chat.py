"""`bobby chat`: the terminal plays a WhatsApp user; replies print as Bobby's messages."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from bobby_core.errors import DomainError
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.use_cases.handle_inbound_message import (
    HandleInboundMessage,
    HandleInboundMessageCommand,
)
from bobby_main.container import InMemoryModule, build_container
from bobby_main.db_cli import DatabaseSetupError, upgrade_database
from bobby_main.settings import Settings


async def run_chat(settings: Settings, *, phone: str, memory: bool) -> int:
    if not memory:
        # Chat is the first thing a newcomer runs: create the tables rather than refuse.
        try:
            await upgrade_database(settings.database_url)
        except DatabaseSetupError as exc:
            print(f"bobby: {exc}", file=sys.stderr)
            return 1
    container = build_container(settings, *([InMemoryModule()] if memory else []))
    try:
        return await _talk(container.get(HandleInboundMessage), phone)
    finally:
        uow: Any = container.get(UnitOfWorkFactory)
        if hasattr(uow, "dispose"):
            await uow.dispose()


async def _talk(handle: HandleInboundMessage, phone: str) -> int:
    print("Talking to Bobby as", phone, "- type a message, Ctrl-D to leave. Try: hi")
    while True:
        try:
            line = await asyncio.to_thread(input, "you> ")
        except EOFError:
            print()
            return 0
        if not line.strip():
            continue
        try:
            result = await handle.execute(HandleInboundMessageCommand(sender=phone, text=line))
        except DomainError as exc:
            print(f"bobby: {exc}", file=sys.stderr)
            return 2
        for reply in result.replies:
            media = f"\n[media: {reply.media_url}]" if reply.media_url else ""
            print(f"\nbobby> {reply.body}{media}\n")
