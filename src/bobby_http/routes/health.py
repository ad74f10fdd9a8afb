"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency

from bobby_core.use_cases.check_readiness import CheckReadiness
from bobby_http.schemas import HealthOut, ReadyOut


@get("/health", summary="Liveness: the process answers")
async def health() -> HealthOut:
    return HealthOut(status="ok")


@get("/ready", summary="Readiness: the database answers")
async def ready(readiness: NamedDependency[CheckReadiness]) -> ReadyOut:
    await readiness.execute()
    return ReadyOut(status="ok", database="ok")


ROUTES = [health, ready]
