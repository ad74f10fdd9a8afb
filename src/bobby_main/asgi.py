"""The ASGI factory: `uvicorn bobby_main.asgi:create_app --factory` (HTTP and the queue's
worker in one process, as `bobby serve` runs it)."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Any

from injector import Injector
from litestar import Litestar

from bobby_adapters.queue.handlers import JobHandlers
from bobby_adapters.queue.worker import JobWorker, worker_in_background
from bobby_core.ports import MailingList, Messenger, TaskQueue, UnitOfWorkFactory
from bobby_http.app import create_app as create_http_app
from bobby_main.container import build_container
from bobby_main.logs import configure_logging
from bobby_main.settings import Settings
from bobby_main.spool_module import draining
from bobby_main.startup import check_startup


async def _call(resource: Any, method: str) -> None:
    bound = getattr(resource, method, None)
    if bound is not None:
        outcome = bound()
        if inspect.isawaitable(outcome):
            await outcome


@asynccontextmanager
async def resources(container: Injector, *, worker: bool) -> AsyncIterator[None]:
    """Open the queue (and run its worker, unless web-only) for the life of the block; close
    what the providers opened (queue, messenger, mailing list, database, OpenAI client) after."""
    settings = container.get(Settings)
    queue: Any = container.get(TaskQueue)
    async with AsyncExitStack() as stack:
        await _call(queue, "open")
        stack.push_async_callback(_call, container.get(UnitOfWorkFactory), "dispose")
        stack.push_async_callback(_call, container.get(Messenger), "close")
        stack.push_async_callback(_call, container.get(MailingList), "aclose")
        if settings.openai_api_key is not None:
            from openai import AsyncOpenAI

            stack.push_async_callback(container.get(AsyncOpenAI).close)
        stack.push_async_callback(_call, queue, "close")
        if worker:
            await stack.enter_async_context(worker_in_background(
                container.get(JobWorker), container.get(JobHandlers),
                concurrency=settings.worker_concurrency))
        yield


def lifespan_for(container: Injector, *,
                 worker: bool) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        # The spool is this web process's own: it drains it while it serves.
        async with resources(container, worker=worker), draining(container):
            yield

    return lifespan


def create_app(settings: Settings | None = None, *, web_only: bool = False) -> Litestar:
    """Read the settings once, wire the container, build the app (with the worker inside
    unless `web_only`)."""
    settings = settings or Settings()
    configure_logging(settings)
    check_startup(settings)
    container = build_container(settings)
    return create_http_app(container, lifespan=[lifespan_for(container, worker=not web_only)])


