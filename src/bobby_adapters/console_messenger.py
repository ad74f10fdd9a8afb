"""A messenger for development: prints what would be sent instead of sending it."""

from __future__ import annotations

import sys
import uuid
from typing import TextIO


class ConsoleMessenger:
    """Prints the message body (never the phone: the console may end up in shared logs)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self._out = out

    async def send_text(self, to_phone: str, body: str, media_url: str | None = None) -> str:
        out = self._out or sys.stdout
        media = f"\n[media: {media_url}]" if media_url else ""
        print(f"[console messenger] to a user:\n{body}{media}\n", file=out, flush=True)
        return f"console-{uuid.uuid4().hex}"
