"""A messenger for development: prints what would be sent instead of sending it."""

from __future__ import annotations

import sys
import uuid
from typing import TextIO

from bobby_core.model import OutboundMessage


class ConsoleMessenger:
    """Prints the message body (never the phone: the console may end up in shared logs)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self._out = out

    async def send(self, message: OutboundMessage) -> str:
        out = self._out or sys.stdout
        media = f"\n[media: {message.media_url}]" if message.media_url else ""
        print(f"[console messenger] to a user:\n{message.body}{media}\n", file=out, flush=True)
        return f"console-{uuid.uuid4().hex}"

    async def show_typing(self, provider_message_id: str) -> None:
        """Nothing to show on a console."""
