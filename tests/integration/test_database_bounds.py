"""The engine's bounds on PostgreSQL: a statement running past its bound is cancelled by the
server, a checkout waits no longer than its bound for a busy pool, and a connection to a server
that accepts but never answers (the proxy frozen) fails at the connect bound instead of hanging.
The outer `wait_for` is only there so that a regression fails instead of hanging the suite."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from bobby_adapters.sqlalchemy.engine import Bounds, create_engine
from tests.integration.processes import Spawned, free_port
from tests.integration.tcp_proxy import Proxy

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

GUARD = 30.0


async def test_a_statement_past_its_bound_is_cancelled(clean_postgres_url: str) -> None:
    engine = create_engine(clean_postgres_url, bounds=Bounds(statement=0.3))
    try:
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError, match="statement timeout"):
                await asyncio.wait_for(conn.execute(text("SELECT pg_sleep(5)")), GUARD)
    finally:
        await engine.dispose()


async def test_a_busy_pool_is_waited_for_only_within_the_checkout_bound(
        clean_postgres_url: str) -> None:
    engine = create_engine(clean_postgres_url, pool_size=1, bounds=Bounds(checkout=0.3))
    try:
        async with engine.connect(), engine.connect():  # the pool's one and its one overflow
            with pytest.raises(PoolTimeoutError):
                await asyncio.wait_for(engine.connect().start(), GUARD)
    finally:
        await engine.dispose()


async def test_a_server_that_never_answers_fails_the_connect_at_its_bound(
        clean_postgres_url: str, spawned: Spawned) -> None:
    proxy = Proxy(spawned, free_port(), make_url(clean_postgres_url).port or 5432)
    url = make_url(clean_postgres_url).set(port=proxy.port).render_as_string(hide_password=False)
    engine = create_engine(url, bounds=Bounds(connect=2))
    proxy.freeze()
    try:
        with pytest.raises(DBAPIError):
            await asyncio.wait_for(engine.connect().start(), GUARD)
    finally:
        proxy.thaw()
        await engine.dispose()
