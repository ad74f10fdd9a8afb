"""`bobby worker --metrics-port`: the worker's own /metrics, since the turns, model calls and
sends it counts live in its memory, not the web process's. Served by uvicorn inside the worker's
event loop, behind the same tokens as the web's (METRICS_TOKEN, ADMIN_TOKEN)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import uvicorn
from injector import Injector

from bobby_http.metrics import HttpMetrics, metrics_app
from bobby_main.metrics_module import metrics_tokens
from bobby_main.settings import Settings

log = logging.getLogger("bobby.metrics")


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The worker owns SIGTERM (it finishes its jobs first) and stops this server after.
        yield


@asynccontextmanager
async def serving_metrics(container: Injector, host: str, port: int) -> AsyncIterator[None]:
    """Serve /metrics on host:port for the life of the block."""
    settings = container.get(Settings)
    tokens = metrics_tokens(settings)
    if not tokens:
        log.warning("METRICS_PORT is set but neither METRICS_TOKEN nor ADMIN_TOKEN: /metrics "
                    "answers 404")
    app = metrics_app(container.get(HttpMetrics), tokens)
    server = _Server(uvicorn.Config(app, host=host, port=port, log_config=None,
                                    access_log=False, lifespan="off"))
    serving = asyncio.create_task(server.serve())
    while not server.started and not serving.done():  # noqa: ASYNC110 - uvicorn has no event
        await asyncio.sleep(0.05)
    if serving.done():
        serving.result()  # the port is taken: say so rather than run unwatched
        raise SystemExit(f"bobby: the metrics port {port} could not be opened")
    try:
        yield
    finally:
        server.should_exit = True
        await serving
