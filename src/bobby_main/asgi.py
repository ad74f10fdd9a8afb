"""The ASGI factory: `uvicorn bobby_main.asgi:create_app --factory`."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from injector import Injector
from litestar import Litestar
from openai import AsyncOpenAI

from bobby_core.ports import MailingList, UnitOfWorkFactory
from bobby_http.app import create_app as create_http_app
from bobby_main.container import build_container
from bobby_main.settings import Settings


def dispose_resources(container: Injector) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """A lifespan that closes what the providers opened (the database engine, the OpenAI
    client's connection pool) at shutdown."""

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        yield
        uow: Any = container.get(UnitOfWorkFactory)
        dispose = getattr(uow, "dispose", None)
        if dispose is not None:
            outcome = dispose()
            if inspect.isawaitable(outcome):
                await outcome
        mailing: Any = container.get(MailingList)
        close = getattr(mailing, "aclose", None)
        if close is not None:
            await close()
        if container.get(Settings).openai_api_key is not None:
            await container.get(AsyncOpenAI).close()

    return lifespan


def create_app(settings: Settings | None = None) -> Litestar:
    """Read the settings once, wire the container, build the app."""
    settings = settings or Settings()
    container = build_container(settings)
    return create_http_app(container, lifespan=[dispose_resources(container)])
