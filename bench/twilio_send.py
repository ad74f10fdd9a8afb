"""Cost of one Twilio send: our async client (aiohttp, one session) against the sync SDK client
run through `asyncio.to_thread`, both sending 500 messages at once to the fake Twilio API.

Run: `.venv/bin/python bench/twilio_send.py [N]`. The fake runs in a child process, so the CPU
figures are the sender's own (what a worker pays per reply). Target: the async path costs less
CPU per send than to_thread and finishes 500 sends within 2 s on loopback."""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from tests.integration.fake_twilio import FakeTwilio  # noqa: E402
from twilio.http.async_http_client import AsyncTwilioHttpClient  # noqa: E402
from twilio.http.http_client import TwilioHttpClient  # noqa: E402
from twilio.rest import Client  # noqa: E402

from bobby_adapters.twilio import TwilioMessenger, twilio_client  # noqa: E402
from bobby_core.model import MessageId, OutboundMessage, Recipient  # noqa: E402

SID, TOKEN = "AC" + "9" * 32, "bench-token"


def _serve(ready: multiprocessing.Queue[str]) -> None:  # pragma: no cover - child process
    fake = FakeTwilio(SID, TOKEN).start()
    ready.put(fake.base_url)
    while True:
        time.sleep(3600)


def _messages(n: int) -> list[OutboundMessage]:
    return [OutboundMessage(reference=MessageId(f"o{i}"), to=Recipient(phone=f"+4477009{i:05d}"),
                            body="A short reply from Bobby.") for i in range(n)]


async def _async_path(base_url: str, n: int) -> tuple[float, float]:
    messenger = TwilioMessenger(twilio_client(SID, TOKEN, api_base_url=base_url), "+14155238886",
                                public_base_url="https://bobby.example")
    await messenger.send(_messages(1)[0])  # open the session outside the timing
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(messenger.send(m) for m in _messages(n)))
    result = time.perf_counter() - wall, time.process_time() - cpu
    await messenger.close()
    return result


async def _sdk_async_path(base_url: str, n: int) -> tuple[float, float]:
    # For reference: the SDK's own aiohttp client (no timeout applied, logs URLs; see ours).
    client = Client(SID, TOKEN, http_client=AsyncTwilioHttpClient())
    client.api.base_url = base_url

    async def send(m: OutboundMessage) -> str:
        sent = await client.messages.create_async(to="whatsapp:" + (m.to.phone or ""),
                                                  from_="whatsapp:+1415", body=m.body)
        return str(sent.sid)

    await send(_messages(1)[0])
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(send(m) for m in _messages(n)))
    result = time.perf_counter() - wall, time.process_time() - cpu
    await client.http_client.close()
    return result


async def _thread_path(base_url: str, n: int) -> tuple[float, float]:
    client = Client(SID, TOKEN, http_client=TwilioHttpClient(timeout=10))
    client.api.base_url = base_url

    def send(m: OutboundMessage) -> str:
        return str(client.messages.create(to="whatsapp:" + (m.to.phone or ""), from_="whatsapp:+1415",
                                          body=m.body).sid)

    await asyncio.to_thread(send, _messages(1)[0])
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(asyncio.to_thread(send, m) for m in _messages(n)))
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    ready: multiprocessing.Queue[str] = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(ready,), daemon=True)
    server.start()
    try:
        base_url = ready.get(timeout=10)
        paths = (("ours (async, aiohttp)", _async_path), ("SDK AsyncTwilioHttpClient", _sdk_async_path),
                 ("to_thread (sync SDK)", _thread_path))
        for name, path in paths:
            wall, cpu = asyncio.run(path(base_url, n))
            print(f"{name:26} {n} sends: {wall:5.2f} s wall, {n / wall:6.0f} sends/s, "
                  f"{cpu / n * 1000:5.2f} ms CPU per send")
        print("target: async uses less CPU per send than to_thread; 500 sends < 2 s on loopback")
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
