"""`bobby reminders list`: what was due, sent, skipped or failed (no text, no phone numbers)."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from bobby_core.errors import BobbyError
from bobby_core.ports import UnitOfWorkFactory
from bobby_core.use_cases.list_reminders import ListReminders, ReminderLine
from bobby_main.container import build_container
from bobby_main.settings import Settings


def list_reminders(settings: Settings, limit: int = 50) -> int:
    try:
        lines = asyncio.run(_read(settings, limit))
    except Exception as exc:  # an operator's listing: one line, never a traceback
        # The driver's message may quote the URL: the kind of failure is enough to act on.
        why = str(exc) if isinstance(exc, BobbyError) else type(exc).__name__
        print(f"bobby: could not read the reminders ({why}); is DATABASE_URL right, and has "
              "`bobby db upgrade` run on it?", file=sys.stderr)
        return 1
    print(f"{'due (UTC)':<17} {'kind':<15} {'status':<10} {'user':<9} {'error':<6} reason")
    for line in lines:
        print(format_line(line))
    if not lines:
        print("(no reminders)")
    return 0


def format_line(line: ReminderLine) -> str:
    return (f"{line.due_at:%Y-%m-%d %H:%M} {line.kind:<15} {line.status:<10} {line.user:<9} "
            f"{line.error_code or '-':<6} {line.reason or '-'}")


async def _read(settings: Settings, limit: int) -> list[ReminderLine]:
    container = build_container(settings)
    uow = container.get(UnitOfWorkFactory)
    try:
        return await ListReminders(uow).execute(limit)
    finally:
        disposable: Any = uow
        if hasattr(disposable, "dispose"):
            await disposable.dispose()
