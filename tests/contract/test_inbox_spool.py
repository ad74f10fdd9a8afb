"""The inbox's spool, in memory and as files: records come back in arrival order, whole, until
forgotten or set aside. The file spool also survives its process, keeps the text sealed with
DATA_ENCRYPTION_KEY, and says so when it cannot write."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bobby_adapters.file_spool import FileInboxSpool
from bobby_adapters.memory_spool import InMemoryInboxSpool
from bobby_adapters.sqlalchemy.encryption import FieldCipher
from bobby_core.errors import ExternalServiceError
from bobby_core.ports.spool import InboxSpool, SpooledMessage

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SECRET = "I can't sleep since the accident 🌧"


def message(n: int, text: str = "hi") -> SpooledMessage:
    return SpooledMessage(sender=f"whatsapp:+4477009{n:05d}", text=text,
                          provider_message_id=f"SM{n:032d}", received_at=T0 + timedelta(
                              seconds=n), provider_user_id=f"4477009{n:05d}",
                          profile_name="Sam", media_url=None)


@pytest.fixture(params=["memory", "files"])
def spool(request: pytest.FixtureRequest, tmp_path: Path) -> InboxSpool:
    if request.param == "memory":
        return InMemoryInboxSpool()
    return FileInboxSpool(tmp_path / "spool", None)


async def test_records_come_back_whole_in_arrival_order_until_forgotten(
        spool: InboxSpool) -> None:
    assert await spool.holds_any() is False
    assert await spool.oldest(10) == []
    for n in range(5):
        await spool.keep(message(n, text=SECRET if n == 2 else f"m{n}"))
    assert await spool.holds_any() is True
    first = await spool.oldest(3)
    assert [s.message for s in first] == [message(0, "m0"), message(1, "m1"),
                                          message(2, SECRET)]
    await spool.forget([s.key for s in first[:2]])
    await spool.set_aside([first[2].key])
    assert [s.message.provider_message_id for s in await spool.oldest(10)] == [
        message(3).provider_message_id, message(4).provider_message_id]
    await spool.forget([s.key for s in await spool.oldest(10)])
    assert await spool.holds_any() is False


async def test_files_outlive_the_process_are_private_and_keep_the_text_sealed(
        tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    directory = tmp_path / "spool"
    await FileInboxSpool(directory, FieldCipher(key)).keep(message(7, SECRET))
    (record,) = directory.iterdir()
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    raw = record.read_bytes()
    assert SECRET.encode() not in raw
    assert b"Sam" not in raw  # the profile name is sealed too
    again = FileInboxSpool(directory, FieldCipher(key))  # a new process, the same key
    assert await again.holds_any() is True
    (found,) = await again.oldest(10)
    assert found.message == message(7, SECRET)
    unreadable = FileInboxSpool(directory, FieldCipher(Fernet.generate_key().decode()))
    assert await unreadable.oldest(10) == []  # set aside, kept on disk, never drained wrong
    assert [p.suffix for p in directory.iterdir()] == [".held"]


async def test_a_spool_path_that_is_not_a_directory_is_a_failure_the_caller_sees(
        tmp_path: Path) -> None:
    blocker = tmp_path / "spool"
    blocker.write_text("a file where the directory should be")
    with pytest.raises(ExternalServiceError):
        await FileInboxSpool(blocker, None).keep(message(1))
