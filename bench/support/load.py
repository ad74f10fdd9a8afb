"""A load generator in its own process, for pre-signed webhook requests.

  closed --concurrency C --duration D [--once]   C keep-alive connections, each sends its next
                                        request as soon as the last one is answered (throughput)
  open --rate R --duration D            one request every 1/R s whatever the answers do
                                        (latency at a fixed load, timed from the planned send)
  burst                                 one connection per request, all opened first, then every
                                        request written at once

Requests come from --requests (one `signature<TAB>form body` a line, see signing.py), in order,
each used once (closed mode wraps around and says how often, unless --once). Prints one JSON
line of figures; --results writes every request's (index, sent, latency, status, body) in burst
mode. The HTTP/1.1 client is a minimal one on asyncio streams: far less CPU per request than a
full client library, so the generator takes less of the cores it shares with the server."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import resource
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.support.procs import ROOT, clean_env
from bench.support.signing import Signed, read_requests

TIMEOUT = 60.0
KEEP_ALIVE = 2.0
"""Idle connections older than this are not reused (uvicorn closes them after 5 s)."""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    rows: list[dict[str, Any]] = field(default_factory=list)


class Connection:
    """One keep-alive HTTP/1.1 connection that POSTs signed webhook forms."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path or "/"
        self._head = (f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\n"
                      "User-Agent: TwilioProxy/1.1\r\n")
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
            self._reader = self._writer = None

    async def post(self, request: Signed) -> tuple[int, str]:
        if self._writer is None:
            await self.open()
        assert self._reader is not None
        assert self._writer is not None
        body = request.body.encode()
        self._writer.write(f"{self._head}X-Twilio-Signature: {request.signature}\r\n"
                           f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        try:
            status, text, keep = await asyncio.wait_for(self._response(self._reader), TIMEOUT)
        except BaseException:
            await self.close()
            raise
        if not keep:
            await self.close()
        return status, text

    @staticmethod
    async def _response(reader: asyncio.StreamReader) -> tuple[int, str, bool]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        keep = headers.get("connection", "").lower() != "close"
        return status, body.decode("utf-8", "replace"), keep


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


async def _post(connection: Connection, request: Signed, tally: Tally, planned: float | None = None,
                keep_body: bool = False, index: int = 0) -> None:
    sent_wall, sent = time.time(), time.perf_counter()
    start = planned if planned is not None else sent
    body, status = "", ""
    try:
        code, body = await connection.post(request)
        status = str(code)
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError,
            TimeoutError) as exc:
        status = type(exc).__name__
    done = time.perf_counter()
    tally.statuses[status] += 1
    if status.isdigit():
        tally.latencies.append(done - start)
    if keep_body:
        tally.rows.append({"index": index, "sent": sent_wall, "latency": done - sent,
                           "status": status, "body": body[:4000]})


async def closed(url: str, requests: list[Signed], concurrency: int, duration: float,
                 once: bool = False) -> dict[str, Any]:
    """Until `duration` is up (wrapping around the requests), or with `once` until each was sent."""
    tally, position, wraps = Tally(), 0, 0
    started = time.perf_counter()
    deadline = started + duration

    async def connection() -> None:
        nonlocal position, wraps
        conn = Connection(url)
        try:
            while time.perf_counter() < deadline:
                if position >= len(requests):
                    if once:
                        return
                    position, wraps = 0, wraps + 1
                request = requests[position]
                position += 1
                await _post(conn, request, tally)
        finally:
            await conn.close()

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return _figures("closed", tally, elapsed) | {"concurrency": concurrency, "wraps": wraps}


async def open_loop(url: str, requests: list[Signed], rate: float, duration: float) -> dict[str, Any]:
    """A pool of idle connections; a request takes one (or opens a new one) at its planned time."""
    tally = Tally()
    count = min(len(requests), int(rate * duration))
    idle: list[tuple[float, Connection]] = []

    async def one(request: Signed, planned: float) -> None:
        conn = None
        while idle and conn is None:
            since, conn = idle.pop()
            if time.perf_counter() - since > KEEP_ALIVE:  # the server may be closing it
                await conn.close()
                conn = None
        conn = conn or Connection(url)
        await _post(conn, request, tally, planned=planned)
        idle.append((time.perf_counter(), conn))

    started = time.perf_counter()
    tasks = []
    for n in range(count):
        planned = started + n / rate
        delay = planned - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(requests[n], planned)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    for _, conn in idle:
        await conn.close()
    return _figures("open", tally, elapsed) | {"target_rate": rate}


async def burst(url: str, requests: list[Signed]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    tally = Tally()
    connections = [Connection(url) for _ in requests]
    gate = asyncio.Semaphore(256)  # the listen backlog; opening is not what is measured

    async def opened(conn: Connection) -> None:
        async with gate:
            await conn.open()

    await asyncio.gather(*(opened(c) for c in connections))
    started = time.perf_counter()
    await asyncio.gather(*(_post(c, r, tally, keep_body=True, index=n)
                           for n, (c, r) in enumerate(zip(connections, requests, strict=True))))
    elapsed = time.perf_counter() - started
    for conn in connections:
        await conn.close()
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


def run(mode: str, url: str, requests_file: Path, timeout: float = 180, **options: object) -> dict[str, Any]:
    """Run the generator in a process of its own and return its figures; options are its flags
    (`True` for a bare flag)."""
    argv = [sys.executable, "-m", "bench.support.load", mode, "--url", url, "--requests", str(requests_file)]
    for key, value in options.items():
        if value is True:
            argv.append(f"--{key}")
        elif value not in (None, False):
            argv += [f"--{key}", str(value)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=clean_env(),  # noqa: S603
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["closed", "open", "burst"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--requests", required=True)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--once", action="store_true", help="closed: send each request once, then stop")
    parser.add_argument("--results")
    args = parser.parse_args()
    requests = read_requests(args.requests)
    if args.mode == "closed":
        figures = asyncio.run(closed(args.url, requests, args.concurrency, args.duration, args.once))
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
