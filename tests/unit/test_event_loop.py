"""`bobby serve` and `bobby worker` run on uvloop where it is installed, else on asyncio's loop."""

from __future__ import annotations

import asyncio
import sys

import pytest

from bobby_main.event_loop import run, uvicorn_loop


async def _loop_module() -> str:
    await asyncio.sleep(0)
    return type(asyncio.get_running_loop()).__module__


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop is not installed on Windows")
def test_the_worker_runs_on_uvloop_and_uvicorn_is_told_the_same() -> None:
    assert run(_loop_module()).startswith("uvloop")
    assert uvicorn_loop() == "uvloop"


def test_without_uvloop_the_standard_loop_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop now raises ImportError
    assert run(_loop_module()).startswith("asyncio")
    assert uvicorn_loop() == "asyncio"
