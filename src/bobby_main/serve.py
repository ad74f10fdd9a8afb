"""`bobby serve`: run the HTTP app under uvicorn."""

from __future__ import annotations

import sys

import uvicorn

from bobby_http.config import StartupError
from bobby_main.asgi import create_app
from bobby_main.settings import Settings


def serve(settings: Settings, *, host: str, port: int) -> int:
    try:
        app = create_app(settings)
    except StartupError as exc:
        print(f"bobby: {exc}", file=sys.stderr)
        return 2
    # proxy_headers: behind ngrok or a platform router the scheme comes from X-Forwarded-Proto;
    # signatures do not depend on it when PUBLIC_BASE_URL is set.
    uvicorn.run(app, host=host, port=port, proxy_headers=True, log_level="info")
    return 0
