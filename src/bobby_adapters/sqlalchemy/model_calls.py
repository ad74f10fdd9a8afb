"""The model-call ledger in the `model_calls` table, one short transaction per attempt."""

from __future__ import annotations

import logging

from sqlalchemy import Table, insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bobby_adapters.sqlalchemy.tables import ModelCallRow
from bobby_core.ports.usage import ModelCall

log = logging.getLogger(__name__)

_T: Table = ModelCallRow.__table__  # type: ignore[assignment]


class SqlAlchemyModelCallLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def record(self, call: ModelCall) -> None:
        try:
            async with self._engine.begin() as conn:
                await conn.execute(insert(_T).values(
                    at=call.at, model=call.model, kind=call.kind, outcome=call.outcome,
                    prompt_tokens=call.prompt_tokens, completion_tokens=call.completion_tokens,
                    estimated=call.estimated))
        except SQLAlchemyError as exc:
            # The turn goes on; only the cost figure misses this attempt.
            log.warning("a model call's usage was not recorded (%s)", type(exc).__name__)
