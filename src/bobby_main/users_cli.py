"""`bobby users export WHO` and `bobby users delete WHO`: a user's rights, by the operator. WHO is
the phone, or the WhatsApp user id of a user who shares no number (`GB.1349...`)."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from injector import Injector

from bobby_core.errors import BobbyError, InvalidPhoneError, UserNotFoundError
from bobby_core.model import normalise_phone
from bobby_core.use_cases.delete_user_data import DeleteUserData, DeleteUserDataCommand
from bobby_core.use_cases.export_user_data import ExportUserData, ExportUserDataCommand
from bobby_main.asgi import resources
from bobby_main.container import build_container
from bobby_main.settings import Settings

T = TypeVar("T")
# A business-scoped user id: the user's country, a period, then letters and digits.
USER_ID = re.compile(r"^[A-Z]{2}\.[A-Za-z0-9.]{1,160}$")


def _who(raw: str) -> tuple[str | None, str | None]:
    """(phone, provider user id) of what the operator typed; InvalidPhoneError if neither."""
    if USER_ID.match(raw.strip()):
        return None, raw.strip()
    return normalise_phone(raw), None


def export_user(settings: Settings, phone: str, output: str | None) -> int:
    async def run(container: Injector) -> dict[str, Any]:
        number, user_id = _who(phone)
        command = ExportUserDataCommand(phone=number, provider_user_id=user_id)
        return (await container.get(ExportUserData).execute(command)).document

    document = _run(settings, run)
    if document is None:
        return 1
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None or output == "-":
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        Path(output).chmod(0o600)  # it holds everything the user told Bobby
        print(f"bobby: the export is in {output}", file=sys.stderr)
    return 0


NOT_A_PHONE = ("bobby: that is not a phone number in international form (+44...) nor a "
               "WhatsApp user id (GB.1349...)")
NOT_CONFIRMED = "bobby: not confirmed; nothing was erased"
MISMATCH = ("bobby: the number you typed again does not match {expected}: not confirmed; "
            "nothing was erased")
NEEDS_YES = ("bobby: erasing cannot be undone: run it in a terminal to confirm, or add --yes; "
             "nothing was erased")


def delete_user(settings: Settings, phone: str, *, confirmed: bool = False) -> int:
    try:
        number, user_id = _who(phone)  # a typo is said before anything is asked
        normalised = number or user_id or ""
    except InvalidPhoneError:
        print(NOT_A_PHONE, file=sys.stderr)
        return 1
    if not confirmed:
        answer = _confirmation(normalised)
        if answer is None:
            print(NEEDS_YES, file=sys.stderr)
            return 2
        if not _same_phone(answer, normalised):
            print(MISMATCH.format(expected=normalised) if answer.strip() else NOT_CONFIRMED,
                  file=sys.stderr)
            return 1

    async def run(container: Injector) -> str:
        done = await container.get(DeleteUserData).execute(DeleteUserDataCommand(
            phone=number, provider_user_id=user_id, source="operator"))
        return (f"bobby: erased (audit record {done.erasure_id}); {done.files_removed} files "
                f"removed, {done.jobs_dropped} queued jobs dropped")

    line = _run(settings, run)
    if line is None:
        return 1
    print(line)
    return 0


def _confirmation(phone: str) -> str | None:
    """The phone typed again at the terminal, or None when there is no terminal to ask at."""
    if not sys.stdin.isatty():
        return None
    try:
        return input(f"Erase everything stored about {phone}, everywhere? This cannot be undone.\n"
                     "Type it again to confirm: ")
    except EOFError:
        return ""


def _same_phone(answer: str, normalised: str) -> bool:
    try:
        return (_who(answer)[0] or answer.strip()) == normalised
    except InvalidPhoneError:
        return False


def _run(settings: Settings, work: Callable[[Injector], Awaitable[T]]) -> T | None:
    try:
        return asyncio.run(_with_container(settings, work))
    except InvalidPhoneError:
        print(NOT_A_PHONE, file=sys.stderr)
    except UserNotFoundError:
        print("bobby: no user with that phone number or id", file=sys.stderr)
    except BobbyError as exc:
        print(f"bobby: failed ({type(exc).__name__})", file=sys.stderr)
    return None


async def _with_container(settings: Settings, work: Callable[[Injector], Awaitable[T]]) -> T:
    container = build_container(settings)
    async with resources(container, worker=False):
        return await work(container)
