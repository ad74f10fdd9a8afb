"""`bobby chat`: the terminal plays a WhatsApp user; replies print as Bobby's messages.

Each line takes the same path as a WhatsApp message (inbox, the user's turn, the outbox), with
the turn run right here instead of by a queue's worker, so the replies print before the next
prompt."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from injector import Module

from bobby_core.errors import DomainError
from bobby_core.model import Channel
from bobby_core.use_cases.receive_message import ReceiveMessage, ReceiveMessageCommand
from bobby_core.use_cases.run_turns import RunTurns, RunTurnsCommand
from bobby_main.asgi import resources
from bobby_main.container import InMemoryModule, build_container
from bobby_main.db_cli import DatabaseSetupError, upgrade_database
from bobby_main.settings import Settings

PROMPT = "you> "


async def run_chat(settings: Settings, *, phone: str, memory: bool,
                   overrides: Sequence[Module] = ()) -> int:
    if not memory:
        # Chat is the first thing a newcomer runs: create the tables rather than refuse.
        try:
            await upgrade_database(settings.database_url)
        except DatabaseSetupError as exc:
            print(f"bobby: {exc}", file=sys.stderr)
            return 1
    container = build_container(settings, *([InMemoryModule()] if memory else []), *overrides)
    # What the providers opened (the messenger's HTTP session, the model's client, the
    # database) is closed on the way out, as `serve` does: no "unclosed session" at exit.
    async with resources(container, worker=False):
        return await _talk(container.get(ReceiveMessage), container.get(RunTurns), phone)


def _read_line(prompt: str) -> str:
    """One line from standard input after the prompt, which goes to standard output with the
    conversation (input() writes it to standard error unless readline is loaded)."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


async def _talk(receive: ReceiveMessage, turns: RunTurns, phone: str) -> int:
    print("Talking to Bobby as", phone, "- type a message, Ctrl-D to leave. Try: hi")
    while True:
        try:
            line = await asyncio.to_thread(_read_line, PROMPT)
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
