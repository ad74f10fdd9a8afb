"""Local chart files: removed by the URL they were handed out as (never anything else), and
expired by age."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bobby_adapters.local_storage import LocalMediaStorage

pytestmark = pytest.mark.integration


async def test_a_file_is_removed_by_its_url_only(tmp_path: Path) -> None:
    store = LocalMediaStorage(tmp_path / "media", "https://bobby.example")
    url = await store.put(b"png", "image/png", ".png", "chartkey-0001-abcdef")
    (tmp_path / "media" / "notes.txt").write_text("not a chart")
    assert not await store.remove("https://bobby.example/media/../notes.txt")
    assert not await store.remove("https://bobby.example/elsewhere/" + url.rsplit("/", 1)[1])
    # Behind another host (PUBLIC_BASE_URL changed since), the path still names the file.
    assert await store.remove(url.replace("bobby.example", "new.example"))
    assert not await store.remove(url)
    assert [p.name for p in (tmp_path / "media").iterdir()] == ["notes.txt"]


async def test_files_older_than_the_cutoff_are_removed(tmp_path: Path) -> None:
    store = LocalMediaStorage(tmp_path / "media", "https://bobby.example")
    old = await store.put(b"old", "image/png", ".png", "chartkey-0001-abcdef")
    new = await store.put(b"new", "image/png", ".png", "chartkey-0002-abcdef")
    month_ago = time.time() - 31 * 86400
    os.utime(tmp_path / "media" / old.rsplit("/", 1)[1], (month_ago, month_ago))
    assert await store.remove_older_than(datetime.now(UTC) - timedelta(days=30)) == 1
    assert [p.name for p in (tmp_path / "media").iterdir()] == [new.rsplit("/", 1)[1]]
    assert await LocalMediaStorage(tmp_path / "none", "https://x").remove_older_than(
        datetime.now(UTC)) == 0
