from pathlib import Path

import pytest

from bobby_adapters.sqlalchemy.engine import create_engine
from bobby_adapters.sqlalchemy.model_calls import SqlAlchemyModelCallLog
from bobby_adapters.sqlalchemy.stats import SqlAlchemyOperatorStats
from bobby_core.ports.stats import ModelCallLine
from bobby_core.ports.usage import ModelCall
from tests.contract.objects import T0

pytestmark = pytest.mark.integration


def call(outcome: str = "ok", estimated: bool = False, kind: str = "converse") -> ModelCall:
    return ModelCall(at=T0, model="m", kind=kind, outcome=outcome, prompt_tokens=100,
                     completion_tokens=0 if estimated else 10, estimated=estimated)


async def test_attempts_are_summed_by_call_and_outcome(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        ledger = SqlAlchemyModelCallLog(engine)
        for each in (call(), call(), call("timed out", True), call(kind="risk-check")):
            await ledger.record(each)
        lines = await SqlAlchemyOperatorStats(engine).model_calls()
    finally:
        await engine.dispose()
    assert lines == [
        ModelCallLine(kind="converse", outcome="ok", attempts=2, estimated=0, prompt_tokens=200,
                      completion_tokens=20),
        ModelCallLine(kind="risk-check", outcome="ok", attempts=1, estimated=0,
                      prompt_tokens=100, completion_tokens=10),
        ModelCallLine(kind="converse", outcome="timed out", attempts=1, estimated=1,
                      prompt_tokens=100, completion_tokens=0)]  # most tokens first


async def test_a_database_that_cannot_take_the_record_never_fails_the_turn(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # no model_calls table
    try:
        await SqlAlchemyModelCallLog(engine).record(call())
    finally:
        await engine.dispose()
    assert "a model call's usage was not recorded" in caplog.text
