"""Soak: 200 simulated users walk exercises for 30 minutes (10 with --ci or CI=true) against
`bobby serve --web-only` and one `bobby worker` on PostgreSQL with the offline model.

Each user sends a message, waits for its reply at the fake Twilio API, thinks a few seconds
(10 on average) and goes on: into Reflect and its loop, the Burnout check (a chart each time),
the menu, again. Prints, against the targets: the RSS of each process after warm-up (the first
fifth of the run) stays within 10% of its value then; the p99 of each minute, for the webhook
and for the reply, stays within 20% of the first minute's; no message lost or doubled (every
inbound message handled once, every reply recorded once and sent once).

Run: `make soak`, or `.venv/bin/python bench/soak.py [--minutes N] [--users 200] [--ci]`.
Needs PostgreSQL on 127.0.0.1:5432; creates and drops its database. Not part of `make bench`:
it needs a quiet machine for as long as it runs."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bench.support import signing  # noqa: E402
from bench.support.load import percentile  # noqa: E402
from bench.support.pg import scalar, throwaway_database  # noqa: E402
from bench.support.procs import Proc, Processes, entry, run_bobby  # noqa: E402
from bench.support.stack import Stack, machine  # noqa: E402

RSS_DRIFT, P99_DRIFT = 0.10, 0.20
BURNOUT_ANSWERS = 12
ROUND = ("2", "My manager criticised my report in front of the whole team yesterday",
         "I tell myself that I am useless and that I will probably be fired soon",
         "Well, he did praise my last two projects, so maybe it is not that simple", "menu",
         "4", *("3",) * BURNOUT_ANSWERS, "no", "menu")
"""One round of a user's walk after consent (the offline model); repeated until the end."""


@dataclass
class Figures:
    started: float = field(default_factory=time.monotonic)
    webhook: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    reply: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    rss: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    posted: int = 0
    refused: int = 0
    unanswered: int = 0

    def minute(self) -> int:
        return int((time.monotonic() - self.started) // 60)


async def user(number: str, stack: Stack, web: str, signer: signing.Signer, figures: Figures,
               until: float, think: float, client: httpx.AsyncClient) -> None:
    chance = random.Random(number)
    await asyncio.sleep(chance.uniform(0, think))  # arrivals spread over the first think time
    script = ("hi", "yes", *ROUND * 1000)
    for text in script:
        if time.monotonic() >= until:
            return
        request, since = signer.inbound(number, text), time.time() - 0.001
        sent = time.monotonic()
        try:
            response = await client.post(web + signing.INBOUND_PATH, content=request.body, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": request.signature})
        except httpx.TransportError:
            figures.refused += 1
            continue
        figures.webhook[figures.minute()].append(time.monotonic() - sent)
        figures.posted += 1
        if response.status_code != 200:
            figures.refused += 1
            continue
        waited = await client.get(stack.twilio_url + "/_bench/wait", params={
            "to": signing.whatsapp(number), "contains": "", "since": str(since), "timeout": "60"})
        if waited.status_code != 200:
            figures.unanswered += 1
        else:
            figures.reply[figures.minute()].append(time.monotonic() - sent)
        await asyncio.sleep(chance.expovariate(1 / think))


async def sample_rss(procs: list[Proc], figures: Figures, until: float) -> None:
    while time.monotonic() < until:
        for proc in procs:
            kb = proc.status_kb("VmRSS")
            if kb is not None:
                figures.rss[proc.name].append((time.monotonic() - figures.started, kb / 1024))
        await asyncio.sleep(5)


async def traffic(stack: Stack, web: str, procs: list[Proc], users: int, seconds: float,
                  think: float) -> Figures:
    figures = Figures()
    until = figures.started + seconds
    signer = signing.Signer()
    async with httpx.AsyncClient(timeout=90, limits=httpx.Limits(
            max_connections=2 * users, max_keepalive_connections=2 * users)) as client:
        await asyncio.gather(sample_rss(procs, figures, until), *(
            user(signing.phone(n), stack, web, signer, figures, until, think, client)
            for n in range(users)))
    return figures


def settle(url: str, seconds: float = 120) -> dict[str, int]:
    """Wait for the last turns and sends, then count what was lost or doubled."""
    deadline = time.monotonic() + seconds
    pending = ("SELECT count(*) FROM messages WHERE (direction = 'inbound' AND handled_at IS "
               "NULL) OR (direction = 'outbound' AND status IN ('queued', 'sending'))")
    while time.monotonic() < deadline and int(str(scalar(url, pending))) > 0:
        time.sleep(1)

    def count(query: str) -> int:
        return int(str(scalar(url, query) or 0))

    return {
        "inbound": count("SELECT count(*) FROM messages WHERE direction = 'inbound'"),
        "unhandled": count("SELECT count(*) FROM messages WHERE direction = 'inbound' "
                           "AND handled_at IS NULL"),
        "turns": count("SELECT coalesce(sum(version), 0) FROM conversations"),
        "replies": count("SELECT count(*) FROM messages WHERE direction = 'outbound'"),
        "unsent": count("SELECT count(*) FROM messages WHERE direction = 'outbound' "
                        "AND status NOT IN ('sent', 'delivered', 'read')"),
        "doubled inbound": count("SELECT count(*) FROM (SELECT provider_message_id FROM messages "
                                 "WHERE direction = 'inbound' GROUP BY 1 HAVING count(*) > 1) d"),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(figures: Figures, ledger: dict[str, int], twilio: dict[str, int], seconds: float,
           warm_up: float) -> None:
    print(f"  {figures.posted} messages posted in {seconds / 60:.1f} min "
          f"({figures.posted / seconds:.1f} msg/s), {figures.refused} refused or cut, "
          f"{figures.unanswered} without a reply within 60 s")
    for name, samples in sorted(figures.rss.items()):
        after = [mb for t, mb in samples if t >= warm_up]
        if not after:
            print(f"  RSS {name}: too few samples after the warm-up")
            continue
        base, top = after[0], max(after)
        print(f"  RSS {name}: {base:.0f} MB after warm-up, at most {top:.0f} MB, {after[-1]:.0f} MB "
              f"at the end ({(top / base - 1) * 100:+.1f}%)   target within "
              f"{RSS_DRIFT * 100:.0f}%: {verdict(top <= base * (1 + RSS_DRIFT))}")
    for label, series in (("webhook", figures.webhook), ("reply", figures.reply)):
        minutes = sorted(m for m, values in series.items() if len(values) >= 20)
        p99s = {m: percentile(series[m], 0.99) for m in minutes}
        if not minutes or p99s[minutes[0]] is None:
            print(f"  {label} p99: too few samples")
            continue
        first = p99s[minutes[0]] or 0.0
        worst = max((p for p in p99s.values() if p is not None), default=0.0)
        shown = ", ".join(f"{(p or 0) * 1000:.0f}" for p in p99s.values())
        print(f"  {label} p99 by minute (ms): {shown}   target every minute within "
              f"{P99_DRIFT * 100:.0f}% of the first: {verdict(worst <= first * (1 + P99_DRIFT))}")
    lost = ledger["unhandled"] + ledger["unsent"] + max(0, figures.posted - figures.refused
                                                        - ledger["inbound"])
    doubled = (ledger["doubled inbound"] + max(0, ledger["turns"] - ledger["inbound"])
               + max(0, twilio.get("messages", 0) - ledger["replies"]))
    print(f"  {ledger['inbound']} inbound, {ledger['turns']} turns, {ledger['replies']} replies, "
          f"{twilio.get('messages', 0)} sent to Twilio")
    print(f"  lost: {lost}, doubled: {doubled}   target none: {verdict(lost == 0 and doubled == 0)}")


def soak(users: int, seconds: float, think: float) -> None:
    with (throwaway_database("bobby_bench_soak") as url,
          tempfile.TemporaryDirectory(prefix="bobby-soak-") as tmp, Processes(Path(tmp)) as procs):
        work = Path(tmp)
        stack = Stack(procs, work, url)
        stack.start_fake_twilio()
        run_bobby(["db", "upgrade"], env=stack.env(), cwd=work)
        web, web_url = stack.start_web("web")
        worker = stack.start_worker("worker")
        watched = [web] + ([worker] if worker is not None else [])
        figures = asyncio.run(traffic(stack, web_url, watched, users, seconds, think))
        ledger = settle(url)
        twilio = httpx.get(stack.twilio_url + "/_bench/stats", timeout=10).json()
        for proc in watched:
            if not proc.alive():
                print(f"  {proc.name} died: {proc.tail(10)}")
        report(figures, ledger, twilio, seconds, warm_up=seconds / 5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, help="30, or 10 with --ci")
    parser.add_argument("--ci", action="store_true", default=os.environ.get("CI") == "true")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds between messages")
    args = parser.parse_args()
    minutes = args.minutes or (10.0 if args.ci else 30.0)
    print(f"soak on {machine()}: {args.users} users, {minutes:g} min, "
          f"{args.think:g} s between a user's messages on average")
    soak(args.users, minutes * 60, args.think)
    return 0


if __name__ == "__main__":
    raise SystemExit(entry(main))
