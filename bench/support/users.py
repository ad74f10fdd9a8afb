"""Walking bench users through Bobby: send a signed message, wait for the reply that ends the
turn (in the webhook's TwiML before the pipeline, at the fake Twilio after it)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from bench.support import signing

#: From first contact into Reflect's Socratic loop with the offline model: each message and a
#: piece of the reply that closes its turn.
INTO_SOCRATIC_LOOP: tuple[tuple[str, str], ...] = (
    ("hi", "Reply yes or no"),
    ("yes", "Reply with a number"),
    ("2", "on your mind lately"),
    ("My manager criticised my report in front of the whole team yesterday",
     "what goes through your mind"),
    ("I tell myself that I am useless and that I will probably be fired soon",
     "What makes you believe"),
)
SOCRATIC_ANSWER = "Well, he did praise my last two projects, so maybe it is not that simple"


class SeedError(RuntimeError):
    """A user did not get the expected reply while being walked into the exercise."""


@dataclass
class Walker:
    web_url: str
    twilio_url: str
    signer: signing.Signer
    reply_timeout: float = 60.0
    turns_done: int = 0
    """Messages answered so far (progress, for a run cut short)."""

    async def say(self, client: httpx.AsyncClient, number: str, text: str, expect: str) -> None:
        since = time.time() - 0.001
        request = self.signer.inbound(number, text)
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Twilio-Signature": request.signature}
        for attempt in range(1, 4):
            # A keep-alive connection the server closed meanwhile fails; Twilio would retry the
            # same MessageSid, which the inbox takes once, so retrying is safe.
            try:
                response = await client.post(self.web_url + signing.INBOUND_PATH,
                                             content=request.body.encode(), headers=headers)
                break
            except httpx.TransportError:
                if attempt == 3:
                    raise
                await asyncio.sleep(0.2 * attempt)
        if response.status_code != 200:
            raise SeedError(f"webhook answered {response.status_code} to {text!r}: {response.text[:300]}")
        if expect in response.text:  # before the pipeline, the replies came back in the TwiML
            return
        waited = await client.get(self.twilio_url + "/_bench/wait", params={
            "to": signing.whatsapp(number), "contains": expect, "since": str(since),
            "timeout": str(self.reply_timeout)})
        if waited.status_code != 200:
            raise SeedError(f"no reply containing {expect!r} within {self.reply_timeout:.0f} s "
                            f"after {text!r}")

    async def walk(self, numbers: Sequence[str],
                   script: Sequence[tuple[str, str]] = INTO_SOCRATIC_LOOP, parallel: int = 50) -> float:
        """Walk every number through `script`, `parallel` users at a time; returns seconds."""
        started = time.perf_counter()
        gate = asyncio.Semaphore(parallel)
        async with httpx.AsyncClient(timeout=self.reply_timeout + 30, limits=httpx.Limits(
                max_connections=2 * parallel, max_keepalive_connections=2 * parallel)) as client:

            async def one(number: str) -> None:
                async with gate:
                    for text, expect in script:
                        await self.say(client, number, text, expect)
                        self.turns_done += 1

            await asyncio.gather(*(one(n) for n in numbers))
        return time.perf_counter() - started
