"""`bobby serve` (HTTP and the queue's worker in one process; `--web-only` for HTTP alone)."""

from __future__ import annotations

import sys

import uvicorn

from bobby_http.config import StartupError
from bobby_main.asgi import create_app
from bobby_main.settings import Settings
from bobby_main.startup import check_startup, startup_lines

SPLIT_NEEDS_POSTGRES = (
    "bobby: --web-only needs PostgreSQL (DATABASE_URL=postgresql://...): the embedded SQLite "
    "queue runs inside `bobby serve`, so there is no separate worker to hand the work to")


def serve(settings: Settings, *, host: str, port: int, web_only: bool = False) -> int:
    try:
        check_startup(settings)  # production's own lines first: they say what to set
        if web_only and not settings.uses_postgres:
            print(SPLIT_NEEDS_POSTGRES, file=sys.stderr)
            return 2
        app = create_app(settings, web_only=web_only)
    except StartupError as exc:
        for line in startup_lines(exc):
            print(line, file=sys.stderr)
        return 2
    # proxy_headers: behind ngrok or a platform router the scheme comes from X-Forwarded-Proto;
    # signatures do not depend on it when PUBLIC_BASE_URL is set.
    # Our logging (configured by create_app) takes uvicorn's lines; our request line replaces
    # uvicorn's access line, which would carry the client address and the query string.
    uvicorn.run(app, host=host, port=port, proxy_headers=True, log_level="info",
                log_config=None, access_log=False)
    return 0
