"""One server process in miniature: handle one inbound message against DATABASE_URL, print JSON.

Run as `python -m tests.integration.persistence_worker URL PHONE TEXT SID START_AT`; it waits
until the wall clock reaches START_AT so that two workers send at the same moment. The language
model sleeps inside converse() to widen the window in which two turns could interleave."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import timedelta

from bobby_adapters.clock import RandomIdGenerator, SystemClock
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.uow import SqlAlchemyUnitOfWorkFactory
from bobby_core.conversation import Conversation
from bobby_core.engine.runner import Engine
from bobby_core.flows import all_actions, default_registry
from bobby_core.llm import ConverseReply, ConverseRequest, ExtractReply, ExtractRequest
from bobby_core.ports import LanguageModel
from bobby_core.use_cases.handle_inbound_message import (
    HandleInboundMessage,
    HandleInboundMessageCommand,
)

SLOW_SECONDS = 0.8


class SlowLanguageModel:
    """The offline model, but every converse() takes a while and records when it ran."""

    def __init__(self) -> None:
        self._inner = OfflineLanguageModel()
        self.calls: list[tuple[float, float]] = []

    @property
    def name(self) -> str:
        return "slow-offline"

    async def converse(self, request: ConverseRequest) -> ConverseReply:
        started = time.time()
        await asyncio.sleep(SLOW_SECONDS)
        reply = await self._inner.converse(request)
        self.calls.append((started, time.time()))
        return reply

    async def extract(self, request: ExtractRequest) -> ExtractReply:
        return await self._inner.extract(request)


def build(database_url: str,
          llm: LanguageModel) -> tuple[HandleInboundMessage, SqlAlchemyUnitOfWorkFactory]:
    uow = SqlAlchemyUnitOfWorkFactory(create_engine(database_url))
    engine = Engine(default_registry(), llm, all_actions())
    conversation = Conversation(engine, OfflineCrisisScreener(), timedelta(hours=1))
    return HandleInboundMessage(uow, SystemClock(), RandomIdGenerator(), conversation), uow


async def main(database_url: str, phone: str, text: str, sid: str, start_at: float) -> None:
    llm = SlowLanguageModel()
    handle, uow = build(database_url, llm)
    await asyncio.sleep(max(0.0, start_at - time.time()))
    try:
        result = await handle.execute(HandleInboundMessageCommand(
            sender=phone, text=text, provider_message_id=sid or None))
    finally:
        await uow.dispose()
    print(json.dumps({"replies": [r.body for r in result.replies], "duplicate": result.duplicate,
                      "model_unavailable": result.model_unavailable, "converse": llm.calls}))


if __name__ == "__main__":
    url, phone, text, sid, start = sys.argv[1:6]
    asyncio.run(main(url, phone, text, sid, float(start)))
