"""`bobby chat`: the terminal plays a WhatsApp user; replies print as Bobby's messages.

Each line takes the same path as a WhatsApp message (inbox, the user's turn, the outbox), with
the turn run right here instead of by a queue's worker, so the replies print before the next
prompt."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from bobby_core.errors import DomainError
from bobby_core.model import Channel
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
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
        return await _talk(container.get(ReceiveMessage), container.get(RunTurns), phone)
    finally:
        uow: Any = container.get(UnitOfWorkFactory)
        if hasattr(uow, "dispose"):
            await uow.dispose()


async def _talk(receive: ReceiveMessage, turns: RunTurns, phone: str) -> int:
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
            received = await receive.execute(ReceiveMessageCommand(
                sender=phone, text=line, channel=Channel.TERMINAL))
        except DomainError as exc:
            print(f"bobby: {exc}", file=sys.stderr)
            return 2
        ran = await turns.execute(RunTurnsCommand(user_id=received.user_id))
        for reply in ran.replies:
            media = f"\n[media: {reply.media_url}]" if reply.media_url else ""
            print(f"\nbobby> {reply.body}{media}\n")
