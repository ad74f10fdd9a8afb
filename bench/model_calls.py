"""The CPU a turn's model calls cost the worker, and the ceiling that puts on `slow_model`.

A turn in a model loop makes two chat completions at once (the reply and the risk check of
crisis screening), through the OpenAI SDK and our adapters. This runs 500 such pairs in this
process, fifty at a time, against the fake OpenAI-compatible server answering at once, and
measures this process's CPU time, with Bobby's client (the SDK's aiohttp transport) and, side
by side, with the SDK's default transport (httpx2). Nothing else of a turn is counted (no
database, no Twilio), so the figure is a floor: one worker process cannot answer 500 users
faster than 500 / (2 s of model + 500 x this CPU).

Run: `make bench`, or `.venv/bin/python bench/model_calls.py [--turns 500]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bench.slow_model import MODEL_DELAY  # noqa: E402
from bench.support.procs import Processes, entry  # noqa: E402
from bench.support.stack import Stack, machine  # noqa: E402
from openai import AsyncOpenAI  # noqa: E402

from bobby_adapters.clock import SystemClock  # noqa: E402
from bobby_adapters.memory_model_calls import InMemoryModelCallLog  # noqa: E402
from bobby_adapters.model_retry import RetryPolicy  # noqa: E402
from bobby_adapters.openai_calls import OpenAIStructuredCalls  # noqa: E402
from bobby_adapters.openai_llm import OpenAILanguageModel, openai_client  # noqa: E402
from bobby_adapters.openai_risk_check import OpenAIRiskCheckScreener  # noqa: E402
from bobby_core.llm import ConverseRequest  # noqa: E402
from bobby_core.model import ChatTurn, Role  # noqa: E402

USERS = 500  # slow_model's PostgreSQL burst
ANSWER = "I keep putting off the report because I am afraid it will not be good enough."


async def turns(base_url: str, count: int, *, default_transport: bool = False) -> float:
    """CPU seconds of this process for `count` turns' model calls."""
    client = (AsyncOpenAI(api_key="sk-bench", base_url=base_url, timeout=20, max_retries=0)
              if default_transport else openai_client("sk-bench", base_url))
    # Every attempt is recorded, as in production (there in the database, here in memory).
    calls = OpenAIStructuredCalls(client, "gpt-bench", InMemoryModelCallLog(), SystemClock(),
                                  timeout_seconds=20, policy=RetryPolicy())
    model = OpenAILanguageModel(calls)
    risk = OpenAIRiskCheckScreener(calls)
    request = ConverseRequest(
        system_prompt="You guide a short reflection exercise.",
        history=(ChatTurn(role=Role.ASSISTANT, content="What have you been putting off?"),
                 ChatTurn(role=Role.USER, content=ANSWER)),
        guide_questions=("What is in the way?",), user_turns=1)

    # Fifty turns in flight at a time: 500 new connections at once would time out in the
    # accept queue of the fake server (which shares the cores), and the pooled connections of
    # a worker in its steady state are what is being measured.
    in_flight = asyncio.Semaphore(50)

    async def one() -> None:
        async with in_flight:
            await asyncio.gather(model.converse(request), risk.screen(ANSWER))

    await one()  # connections, imports and the SDK's caches are not the steady state
    started = time.process_time()
    await asyncio.gather(*(one() for _ in range(count)))
    spent = time.process_time() - started
    await client.close()
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    args = parser.parse_args()
    print(f"model calls benchmark on {machine()}")
    with tempfile.TemporaryDirectory(prefix="bobby-bench-") as tmp, Processes(Path(tmp)) as procs:
        stack = Stack(procs, Path(tmp), "")
        stack.start_fake_openai(0.0)
        for name, default in (("Bobby's client (aiohttp)", False), ("SDK default (httpx2)", True),
                              ("Bobby's client (aiohttp)", False)):
            spent = asyncio.run(turns(stack.openai_url, args.turns, default_transport=default))
            burst = spent / args.turns * USERS
            ceiling = USERS / (MODEL_DELAY + burst)
            print(f"  {name:25s} {burst / USERS * 1000:.2f} ms of CPU a turn for its two model "
                  f"calls ({burst:.1f} s for {USERS} turns): one worker answers {USERS} users at "
                  f"most at {ceiling:.0f} msg/s with a {MODEL_DELAY:.0f} s model (slow_model's "
                  "burst)")
    return 0


if __name__ == "__main__":
    raise SystemExit(entry(main))
