"""Serve generated media (charts) from the local media directory, by unguessable name only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File

# A chart is named by its key, an id of ours (128 random bits, URL-safe); only PNGs are stored.
MEDIA_NAME = re.compile(r"[A-Za-z0-9_-]{16,64}\.png")


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaConfig:
    directory: Path


def media_routes(config: MediaConfig) -> list[Any]:
    """The GET /media/{name} route for files in `config.directory`."""
    directory = config.directory

    @get("/media/{name:str}", summary="A generated chart", include_in_schema=False,
         sync_to_thread=False)
    def media(name: FromPath[str]) -> File:
        # A strict name pattern rules out path traversal before the file system is touched.
        path = directory / name
        if not MEDIA_NAME.fullmatch(name) or not path.is_file():
            raise NotFoundException()
        return File(path=path, media_type="image/png", content_disposition_type="inline",
                    headers={"Cache-Control": "private, max-age=86400"})

    return [media]
