"""`bobby serve` (HTTP and the queue's worker in one process; `--web-only` for HTTP alone)."""

from __future__ import annotations

import sys

import uvicorn

from bobby_adapters.sqlalchemy.url import DatabaseUrlError, async_database_url
from bobby_http.config import StartupError
from bobby_main.asgi import create_app
from bobby_main.settings import Settings

SPLIT_NEEDS_POSTGRES = (
    "bobby: --web-only needs PostgreSQL (DATABASE_URL=postgresql://...): the embedded SQLite "
    "queue runs inside `bobby serve`, so there is no separate worker to hand the work to")


def serve(settings: Settings, *, host: str, port: int, web_only: bool = False) -> int:
    try:
        # Checked before anything starts: a bad URL would otherwise serve /health while every
        # request that needs the database fails. The line is the one `bobby db upgrade` prints.
        async_database_url(settings.database_url)
    except DatabaseUrlError as exc:
        print(f"bobby: invalid setting DATABASE_URL: {exc}", file=sys.stderr)
        return 1
    if web_only and not settings.uses_postgres:
        print(SPLIT_NEEDS_POSTGRES, file=sys.stderr)
        return 2
    try:
        app = create_app(settings, web_only=web_only)
    except StartupError as exc:
        print(f"bobby: {exc}", file=sys.stderr)
        return 2
    # proxy_headers: behind ngrok or a platform router the scheme comes from X-Forwarded-Proto;
    # signatures do not depend on it when PUBLIC_BASE_URL is set.
    uvicorn.run(app, host=host, port=port, proxy_headers=True, log_level="info")
    return 0
