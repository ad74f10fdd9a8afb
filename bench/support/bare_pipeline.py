"""The ceiling for bench/slow_model.py: the outside work of a turn of Bobby's in Reflect's
Socratic loop, and nothing else, in one process with no database.

The bare Litestar app (bare_app.py: signature, form, empty TwiML, served by uvicorn as Bobby is)
answers each webhook at once and queues the message in memory; the turns start one at a time
(`Pipeline.take`), each making the two model calls such a turn makes, through Bobby's own
adapters on one client as Bobby builds it (the OpenAI SDK on Bobby's aiohttp transport): the
loop's reply (the engine's ModelSteps.loop_reply, so the same prompt, guide questions and
history) beside the model risk check, run by the same `screen_alongside` a turn runs it with;
then one REST send of the reply through Bobby's Twilio messenger (the Twilio SDK on Bobby's
aiohttp client, with the status callback). Left out, as Bobby's own work: the database, its
queue, the offline screening rules, the typing indicator Bobby shows during a model turn, and
any limit on turns in flight. A failed turn is logged and sends nothing.

Run: python -m bench.support.bare_pipeline --port P, with Bobby's settings in the environment
(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, WHATSAPP_NUMBER, PUBLIC_BASE_URL, TWILIO_API_BASE_URL,
OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
from collections.abc import Coroutine
from datetime import UTC, datetime

import uvicorn
from bench.support.bare_app import MessageIn, build_app
from bench.support.users import INTO_SOCRATIC_LOOP

from bobby_adapters.clock import SystemClock
from bobby_adapters.memory_model_calls import InMemoryModelCallLog
from bobby_adapters.model_retry import RetryPolicy
from bobby_adapters.offline_llm import OfflineLanguageModel
from bobby_adapters.offline_screener import OfflineCrisisScreener
from bobby_adapters.openai_calls import OpenAIStructuredCalls
from bobby_adapters.openai_llm import OpenAILanguageModel, openai_client
from bobby_adapters.openai_risk_check import OpenAIRiskCheckScreener
from bobby_adapters.twilio.messenger import TwilioMessenger, twilio_client
from bobby_core.engine.model_steps import ModelSteps
from bobby_core.engine.steps import LlmLoop
from bobby_core.engine.system_texts import shipped_texts
from bobby_core.flows.loading import shipped_flows
from bobby_core.model import ConversationState, MessageId, OutboundMessage, Recipient, UserId
from bobby_core.safety.alongside import screen_alongside
from bobby_core.safety.reply_guard import NoGuardMeter, ReplyGuard, ReplyModeration

log = logging.getLogger("bare-pipeline")

#: The bench users' own words on the way into the loop (users.py): the event, then the belief.
EVENT, BELIEF = INTO_SOCRATIC_LOOP[3][0], INTO_SOCRATIC_LOOP[4][0]


async def in_the_loop(steps: ModelSteps) -> tuple[ConversationState, LlmLoop]:
    """A user in Reflect's Socratic loop as the seeded users are: their event and belief, and
    the loop opened by the offline model."""
    flow = next(f for f in shipped_flows() if f.id == "reflect")
    step = next(s for s in flow.steps if s.id == "socratic_loop")
    assert isinstance(step, LlmLoop)
    state = ConversationState(user_id=UserId("bench"), variables={"event": EVENT, "belief": BELIEF})
    opened = await steps.loop_open(state, step, datetime.now(UTC))
    return opened.state, step


class Pipeline:
    def __init__(self, env: dict[str, str]) -> None:
        client = openai_client(env["OPENAI_API_KEY"], env["OPENAI_BASE_URL"])
        # As bobby_main/openai_module.py builds it (OPENAI_RISK_MODEL unset: the same model),
        # the attempts recorded in memory rather than in the database.
        calls = OpenAIStructuredCalls(client, env["OPENAI_MODEL"], InMemoryModelCallLog(),
                                      SystemClock(), timeout_seconds=20, policy=RetryPolicy())
        # Bobby's own reply guard (offline wiring: the rules read the model's replies).
        guard = ReplyGuard(NoGuardMeter(), ReplyModeration(OfflineCrisisScreener()))
        self.steps = ModelSteps(OpenAILanguageModel(calls), shipped_texts(), guard)
        self.risk = OpenAIRiskCheckScreener(calls)
        self.messenger = TwilioMessenger(
            twilio_client(env["TWILIO_ACCOUNT_SID"], env["TWILIO_AUTH_TOKEN"],
                          api_base_url=env["TWILIO_API_BASE_URL"]),
            env["WHATSAPP_NUMBER"], public_base_url=env["PUBLIC_BASE_URL"])
        self.state, self.step = asyncio.run(in_the_loop(ModelSteps(OfflineLanguageModel(),
                                                                   shipped_texts(), guard)))
        self.running: set[asyncio.Task[None]] = set()
        self.waiting: asyncio.Queue[MessageIn] | None = None

    def received(self, message: MessageIn) -> None:
        if self.waiting is None:  # made on the server's event loop
            self.waiting = asyncio.Queue()
            self.start(self.take())
        self.waiting.put_nowait(message)

    def start(self, work: Coroutine[None, None, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.running.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self.running.discard)

    async def take(self) -> None:
        """Start the turns one at a time, as a worker takes its jobs, with no limit in flight.
        Between two, the event loop gets a turn: started all at once from the webhooks, 500
        turns' request building held the loop for over a second, and the risk check's 1 s
        connect timeout fired on connections the kernel had long made (most checks failed)."""
        assert self.waiting is not None
        while True:
            message = await self.waiting.get()
            self.start(self.turn(message.sender, message.body))
            await asyncio.sleep(0)

    async def turn(self, sender: str, text: str) -> None:
        try:
            _, decided = await screen_alongside(
                self.risk, text, self.steps.loop_reply(self.state, self.step, text,
                                                       datetime.now(UTC)))
            if decided is None:
                log.warning("the risk check flagged a bench message: nothing sent")
                return
            outcome, _ = decided
            body = outcome.effects.replies[0].body
            await self.messenger.send(OutboundMessage(
                reference=MessageId(secrets.token_hex(16)), to=Recipient(phone=sender), body=body))
        except Exception:
            log.exception("a turn failed")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    env = dict(os.environ)
    pipeline = Pipeline(env)
    app = build_app(env["TWILIO_AUTH_TOKEN"], env["PUBLIC_BASE_URL"], received=pipeline.received)
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=True, log_level="warning")


if __name__ == "__main__":
    main()
