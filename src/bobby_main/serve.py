"""`bobby serve` (HTTP and the queue's worker in one process; `--web-only` for HTTP alone)."""

from __future__ import annotations

import asyncio
import logging
import sys

import uvicorn

from bobby_http.config import StartupError
from bobby_main.asgi import create_app
from bobby_main.db_cli import DatabaseSetupError, probe_database, upgrade_database
from bobby_main.kept_files import served_address
from bobby_main.logs import configure_logging
from bobby_main.media import listening_url
from bobby_main.settings import Settings
from bobby_main.startup import check_startup, startup_lines

SPLIT_NEEDS_POSTGRES = (
    "bobby: --web-only needs PostgreSQL (DATABASE_URL=postgresql://...): the embedded SQLite "
    "queue runs inside `bobby serve`, so there is no separate worker to hand the work to")


log = logging.getLogger("bobby.serve")
WEB_ONLY_NOTICE = ("web only: messages are received and stored, but nothing is answered until "
                   "a worker runs (`bobby worker`, same DATABASE_URL)")


def serve(settings: Settings, *, host: str, port: int, web_only: bool = False) -> int:
    # One format from the first line: start-up's own warnings go through the same logging.
    configure_logging(settings)
    try:
        check_startup(settings)  # production's own lines first: they say what to set
    except StartupError as exc:
        for line in startup_lines(exc):
            print(line, file=sys.stderr)
        return 2
    if web_only and not settings.uses_postgres:
        print(SPLIT_NEEDS_POSTGRES, file=sys.stderr)
        return 2
    try:
        # Checked before anything starts: a bad or unreachable database would otherwise serve
        # /health while every request that needs it fails. The line is `bobby db upgrade`'s.
        # The embedded SQLite database is this process's own: its tables are made or brought
        # up to date here, as `bobby chat` does (else every job fails on a fresh directory).
        asyncio.run(probe_database(settings.database_url) if settings.uses_postgres
                    else upgrade_database(settings.database_url))
    except DatabaseSetupError as exc:
        print(f"bobby: {exc}", file=sys.stderr)
        return 1
    # The app's links fall back to the address it listens on (see bobby_main.media).
    settings = settings.model_copy(update={"host": host, "port": port})
    try:
        app = create_app(settings, web_only=web_only)
    except StartupError as exc:
        for line in startup_lines(exc):
            print(line, file=sys.stderr)
        return 2
    if not settings.public_base_url:
        # `bobby chat` and workers link here too (see bobby_main.kept_files).
        served_address(settings, listening_url(settings)).record(listening_url(settings))
    announce(settings, web_only=web_only)
    # X-Forwarded-* are read by the app itself (bobby_http.origin), from TRUSTED_PROXIES only,
    # so that the scheme, the host and the client are believed from the same peers. Our logging
    # (configured by create_app) takes uvicorn's lines; our request line replaces uvicorn's
    # access line, which would carry the client address and the query string.
    # HTTP is parsed by httptools (a dependency): on uvicorn's pure-Python h11 parser the
    # webhook benchmark served 981 msg/s here, on httptools 1,057-1,158.
    uvicorn.run(app, host=host, port=port, proxy_headers=False, log_level="info",
                log_config=None, access_log=False, http="httptools")
    return 0


def announce(settings: Settings, *, web_only: bool) -> None:
    """Where to chat with Bobby in a browser and, for a web-only process, that replies need a
    worker beside it."""
    base = (settings.public_base_url or listening_url(settings)).rstrip("/")
    log.info("web chat: %s/chat", base)
    if web_only:
        log.warning(WEB_ONLY_NOTICE)
