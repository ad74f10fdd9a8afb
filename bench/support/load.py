"""A load generator in its own process (asyncio + aiohttp), for pre-signed webhook requests.

  closed --concurrency C --duration D   C connections, each sends its next request as soon as
                                        the last one is answered (throughput)
  open --rate R --duration D            one request every 1/R s whatever the answers do
                                        (latency at a fixed load; timed from the planned send)
  burst                                 every request at once, one connection each

Requests come from --requests (one `signature<TAB>form body` a line, see signing.py), in order,
each used once (closed mode wraps around and says how often). Prints one JSON line of figures;
--results writes every request's (planned, sent, answered, status, body) for burst mode."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from bench.support.signing import Signed, read_requests

FORM = "application/x-www-form-urlencoded"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    rows: list[dict[str, Any]] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


async def _post(session: aiohttp.ClientSession, url: str, request: Signed, tally: Tally,
                planned: float | None = None, keep_body: bool = False, index: int = 0) -> None:
    sent_wall, sent = time.time(), time.perf_counter()
    start = planned if planned is not None else sent
    body = ""
    try:
        async with session.post(url, data=request.body.encode(), headers={
                "Content-Type": FORM, "X-Twilio-Signature": request.signature}) as response:
            body = await response.text()
            status = str(response.status)
    except (aiohttp.ClientError, TimeoutError) as exc:
        status = type(exc).__name__
    done = time.perf_counter()
    tally.statuses[status] += 1
    if status.isdigit():
        tally.latencies.append(done - start)
    if keep_body:
        tally.rows.append({"index": index, "sent": sent_wall, "latency": done - sent, "status": status,
                           "body": body[:4000]})


def _session(limit: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit, limit_per_host=limit, ttl_dns_cache=None),
        timeout=aiohttp.ClientTimeout(total=60))


async def closed(url: str, requests: list[Signed], concurrency: int, duration: float) -> dict[str, Any]:
    tally, position, wraps = Tally(), 0, 0
    async with _session(concurrency) as session:
        started = time.perf_counter()
        deadline = started + duration

        async def connection() -> None:
            nonlocal position, wraps
            while time.perf_counter() < deadline:
                if position >= len(requests):
                    position, wraps = 0, wraps + 1
                request = requests[position]
                position += 1
                await _post(session, url, request, tally)

        await asyncio.gather(*(connection() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return _figures("closed", tally, elapsed) | {"concurrency": concurrency, "wraps": wraps}


async def open_loop(url: str, requests: list[Signed], rate: float, duration: float) -> dict[str, Any]:
    tally = Tally()
    count = min(len(requests), int(rate * duration))
    async with _session(0) as session:
        started = time.perf_counter()
        tasks = []
        for n in range(count):
            planned = started + n / rate
            delay = planned - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_post(session, url, requests[n], tally, planned=planned)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    return _figures("open", tally, elapsed) | {"target_rate": rate}


async def burst(url: str, requests: list[Signed]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    tally = Tally()
    async with _session(len(requests)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(_post(session, url, r, tally, keep_body=True, index=n)
                               for n, r in enumerate(requests)))
        elapsed = time.perf_counter() - started
    return _figures("burst", tally, elapsed), tally.rows


def _figures(mode: str, tally: Tally, elapsed: float) -> dict[str, Any]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    answered = sum(n for s, n in tally.statuses.items() if s.isdigit())

    def ms(q: float) -> float | None:
        value = percentile(tally.latencies, q)
        return None if value is None else round(value * 1000, 2)

    return {"mode": mode, "requests": sum(tally.statuses.values()), "answered": answered,
            "seconds": round(elapsed, 3), "per_second": round(answered / elapsed, 1) if elapsed else 0,
            "statuses": dict(tally.statuses), "p50_ms": ms(0.50), "p90_ms": ms(0.90),
            "p99_ms": ms(0.99), "max_ms": ms(1.0),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["closed", "open", "burst"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--requests", required=True)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--results")
    args = parser.parse_args()
    requests = read_requests(args.requests)
    if args.mode == "closed":
        figures = asyncio.run(closed(args.url, requests, args.concurrency, args.duration))
    elif args.mode == "open":
        figures = asyncio.run(open_loop(args.url, requests, args.rate, args.duration))
    else:
        figures, rows = asyncio.run(burst(args.url, requests))
        if args.results:
            with open(args.results, "w") as out:
                json.dump(rows, out)
    sys.stdout.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
