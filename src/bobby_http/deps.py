"""The bridge from injector to Litestar: app-scoped objects, resolved once (STYLE R11)."""

from __future__ import annotations

from typing import TypeVar

from injector import Injector
from litestar.di import Provide

T = TypeVar("T")


def use_case(container: Injector, cls: type[T]) -> Provide:
    """A Litestar dependency that resolves `cls` from the container once per app."""

    def resolve() -> T:
        return container.get(cls)

    return Provide(resolve, use_cache=True, sync_to_thread=False)
