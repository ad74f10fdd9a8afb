"""`bobby chat`: the terminal plays a WhatsApp user; replies print as Bobby's messages."""

from __future__ import annotations

import asyncio
import sys

from bobby_core.errors import DomainError
from bobby_core.use_cases.handle_inbound_message import (
    HandleInboundMessage,
    HandleInboundMessageCommand,
)
from bobby_main.container import build_container
from bobby_main.settings import Settings


async def run_chat(settings: Settings, *, phone: str, memory: bool) -> int:
    container = build_container(settings)
    handle = container.get(HandleInboundMessage)
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
