"""Users mid-exercise against a slow model: 500 users in Reflect's Socratic loop each send one
message at once while the model takes 2 s to answer.

PostgreSQL, one `bobby serve --web-only` and one `bobby worker`; replies are captured by a fake
Twilio REST API, the model is a fake OpenAI-compatible server that answers after 2 s. The users
are walked into the loop first with the offline model (two workers share that set-up); then the
web process and one worker restart pointed at the slow model and the burst is sent. Prints:
answered with a real model reply N/500 (target all), end-to-end messages/s, webhook p99 (target
< 100 ms), peak RSS of each process (target < 300 MB). Then Bobby's processes stop and the same
burst goes to the bare pipeline (bench/support/bare_pipeline.py: one process, no database, the
same two model calls on the same client and one Twilio send a message, against the same fakes):
Bobby's end-to-end messages/s as a ratio to the pipeline's (goal >= 0.5; it replaces the absolute target of
200 msg/s, beyond two cores). Then the same with embedded SQLite and `bobby serve` alone, 50
users (target: all answered, >= 20 msg/s, no 5xx; the same ratio).

Run: `make bench`, or `.venv/bin/python bench/slow_model.py [--users 500] [--sqlite-users 50]`.
WORKER_CONCURRENCY and DATABASE_POOL_SIZE in the environment are passed to Bobby."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bench.support import load, signing  # noqa: E402
from bench.support.fake_openai import MARKER  # noqa: E402
from bench.support.pg import throwaway_database  # noqa: E402
from bench.support.procs import (  # noqa: E402
    DeadlineError,
    Proc,
    Processes,
    bounded,
    clean_env,
    entry,
    free_port,
    python_module,
    run_bobby,
)
from bench.support.stack import PASS_THROUGH, Stack, machine, pipeline_landed  # noqa: E402
from bench.support.users import INTO_SOCRATIC_LOOP, SOCRATIC_ANSWER, SeedError, Walker  # noqa: E402

KIND_REPLY = "I need a moment"
MODEL_DELAY = 2.0
REPLY_WAIT = 60.0
SEED_WORKERS = 2


@dataclass(frozen=True)
class Targets:
    rate: float | None
    """End-to-end msg/s (None: only the ratio to the bare pipeline)."""
    p99_ms: float | None
    rss_mb: float


TARGETS = {"postgres": Targets(rate=None, p99_ms=100.0, rss_mb=300.0),
           "sqlite": Targets(rate=20.0, p99_ms=None, rss_mb=300.0)}
RATIO_GOAL = 0.5
"""Bobby's end-to-end messages/s over the bare pipeline's, same load, same run."""


@dataclass
class Replies:
    """What the users got after a burst, and when."""

    real: int = 0
    kind: int = 0
    other: int = 0
    unanswered: int = 0
    rate: float = 0.0
    """Real replies a second, from the burst's first send to the last real reply."""
    p50: float | None = None
    last: float | None = None


@dataclass
class Outcome:
    label: str
    users: int
    replies: Replies = field(default_factory=Replies)
    webhook: dict[str, Any] = field(default_factory=dict)
    bare_webhook: dict[str, Any] = field(default_factory=dict)
    rss_mb: dict[str, float | None] = field(default_factory=dict)
    model_calls: dict[str, Any] = field(default_factory=dict)
    """The fake model's counts over Bobby's burst and its replies."""
    bare: Replies | None = None
    """The bare pipeline's, same burst."""
    bare_calls: dict[str, Any] = field(default_factory=dict)
    bare_cpu: float = 0.0
    seed_seconds: float = 0.0
    stage: str = "starting"
    measured: bool = False
    """Bobby's own figures are in (a run cut short after this still reports them)."""
    seeder: Walker | None = None
    cpu: dict[str, float] = field(default_factory=dict)
    twilio: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def burst(web_url: str, requests: list[signing.Signed],
          work: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    file, results = work / "burst.tsv", work / "burst.json"
    signing.write_requests(str(file), requests)
    figures = load.run("burst", web_url + signing.INBOUND_PATH, file, results=results)
    rows: list[dict[str, Any]] = json.loads(results.read_text())
    return figures, rows


def start_bare(procs: Processes) -> tuple[Proc, str]:
    """The bare Litestar app of bench/webhook.py: the same burst against it is the floor."""
    port = free_port()
    bare = procs.start("bare-app", python_module("bench.support.bare_app", "--port", str(port)),
                       env=clean_env(TWILIO_AUTH_TOKEN=signing.AUTH_TOKEN,
                                     PUBLIC_BASE_URL=signing.PUBLIC_BASE_URL), cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    bare.wait_http(f"{url}/health")
    return bare, url


def start_bare_pipeline(procs: Processes, stack: Stack) -> tuple[Proc, str]:
    """The bare pipeline with Bobby's settings, pointed at the same fakes."""
    port = free_port()
    proc = procs.start("bare-pipeline", python_module("bench.support.bare_pipeline", "--port",
                                                      str(port)),
                       env=stack.env(model=True), cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    proc.wait_http(f"{url}/health")
    return proc, url


def model_stats(stack: Stack, *, reset_peak: bool = False) -> dict[str, int]:
    stats: dict[str, int] = httpx.get(stack.openai_url.removesuffix("/v1") + "/_bench/stats",
                                      params={"reset_peak": "1"} if reset_peak else None,
                                      timeout=10).json()
    return stats


def calls_since(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """The calls between two reads; the peak is the one since `before` reset it."""
    return {"chat": after.get("chat", 0) - before.get("chat", 0),
            "moderations": after.get("moderations", 0) - before.get("moderations", 0),
            "peak_in_flight": after.get("peak_in_flight", 0)}


def collect(twilio_url: str, numbers: list[str], rows: list[dict[str, Any]]) -> Replies:
    """Wait (bounded) until every user has a real or a kind reply, then count."""
    started = min(r["sent"] for r in rows)
    answered_at: dict[str, float] = {}
    kind: set[str] = set()
    other: set[str] = set()
    for row in rows:  # before the pipeline the reply comes back in the webhook's TwiML
        if MARKER in row["body"]:
            answered_at[numbers[row["index"]]] = row["sent"] + row["latency"]
        elif KIND_REPLY in row["body"]:
            kind.add(numbers[row["index"]])
    wanted = {signing.whatsapp(n): n for n in numbers}
    deadline = time.monotonic() + REPLY_WAIT
    while time.monotonic() < deadline:
        sent = httpx.get(f"{twilio_url}/_bench/sent", params={"since": str(started)}, timeout=10).json()
        for message in sent["messages"]:
            number = wanted.get(message["to"])
            if number is None:
                continue
            if MARKER in message["body"]:
                answered_at.setdefault(number, message["t"])
            elif KIND_REPLY in message["body"]:
                kind.add(number)
            else:
                other.add(number)
        if len(answered_at.keys() | kind) >= len(numbers):
            break
        time.sleep(0.5)
    got = Replies(real=len(answered_at), kind=len(kind - answered_at.keys()),
                  other=len(other - answered_at.keys() - kind))
    got.unanswered = len(numbers) - got.real - got.kind - got.other
    if answered_at:
        waits = sorted(t - started for t in answered_at.values())
        got.rate = len(waits) / waits[-1]
        got.p50, got.last = waits[len(waits) // 2], waits[-1]
    return got


def scenario(outcome: Outcome, database_url: str | None, split: bool) -> Outcome:
    """Seed the users into the Socratic loop offline, restart on the slow model, burst, measure."""
    users = outcome.users
    with tempfile.TemporaryDirectory(prefix="bobby-bench-") as tmp, Processes(Path(tmp)) as procs:
        work = Path(tmp)
        stack = Stack(procs, work, database_url or f"sqlite:///{work / 'bobby.db'}")
        stack.start_fake_twilio()
        stack.start_fake_openai(MODEL_DELAY)
        run_bobby(["db", "upgrade"], env=stack.env(), cwd=work)
        numbers = [signing.phone(n) for n in range(users + 1)]
        warm_up, numbers = numbers[-1], numbers[:-1]
        signer = signing.Signer()

        # 1. Into the exercise with the offline model.
        outcome.stage = f"walking {users} users into the exercise (offline model)"
        web, web_url = stack.start_web("seed-web", web_only=split)
        # Seeding is set-up, not measured: extra workers share its turns.
        seeders = [stack.start_worker(f"seed-worker-{n}") for n in range(SEED_WORKERS)] if split else []
        walker = outcome.seeder = Walker(web_url, stack.twilio_url, signer)
        seeding = time.perf_counter()
        try:
            outcome.seed_seconds = asyncio.run(walker.walk([*numbers, warm_up]))
        finally:
            outcome.seed_seconds = time.perf_counter() - seeding
        for proc in (*seeders, web):
            if proc is not None:
                procs.stop(proc)

        outcome.stage = "restarting on the slow model"
        # 2. The same processes on the slow model; one user's turn proves the path and warms it.
        web, web_url = stack.start_web("web", web_only=split, model=True)
        worker = stack.start_worker("worker", model=True) if split else None
        walker = Walker(web_url, stack.twilio_url, signer, reply_timeout=30)
        asyncio.run(walker.walk([warm_up], script=((SOCRATIC_ANSWER, MARKER),)))

        # 3. Everyone at once.
        outcome.stage = "the burst and its replies"
        cpu_before = {p.name: p.cpu_seconds() for p in (web, worker) if p is not None}
        calls_before = model_stats(stack, reset_peak=True)
        requests = [signer.inbound(n, SOCRATIC_ANSWER) for n in numbers]
        outcome.webhook, rows = burst(web_url, requests, work)
        outcome.replies = collect(stack.twilio_url, numbers, rows)
        outcome.cpu = {p.name: p.cpu_seconds() - cpu_before[p.name] for p in (web, worker) if p is not None}
        outcome.model_calls = calls_since(calls_before, model_stats(stack))
        outcome.rss_mb = {("bobby serve --web-only" if split else "bobby serve"): web.peak_rss_mb()}
        if worker is not None:
            outcome.rss_mb["bobby worker"] = worker.peak_rss_mb()
        for proc in (web, worker):
            if proc is not None:
                if not proc.alive():
                    outcome.notes.append(f"{proc.name} died: {proc.tail(10)}")
                procs.stop(proc)  # the yardsticks below get the machine Bobby had
        outcome.twilio = httpx.get(f"{stack.twilio_url}/_bench/stats", timeout=10).json()
        outcome.measured = True

        outcome.stage = "the bare app's burst"
        bare, bare_url = start_bare(procs)
        outcome.bare_webhook, _ = burst(bare_url, [signer.inbound(n, SOCRATIC_ANSWER) for n in numbers],
                                        work)
        procs.stop(bare)

        # 4. The same burst against the bare pipeline, warmed up by one message as Bobby was.
        outcome.stage = "the bare pipeline's burst"
        pipeline, pipeline_url = start_bare_pipeline(procs, stack)
        asyncio.run(Walker(pipeline_url, stack.twilio_url, signer, reply_timeout=30).walk(
            [warm_up], script=((SOCRATIC_ANSWER, MARKER),)))
        cpu_before_bare = pipeline.cpu_seconds()
        calls_before = model_stats(stack, reset_peak=True)
        _, rows = burst(pipeline_url, [signer.inbound(n, SOCRATIC_ANSWER) for n in numbers], work)
        outcome.bare = collect(stack.twilio_url, numbers, rows)
        outcome.bare_cpu = pipeline.cpu_seconds() - cpu_before_bare
        outcome.bare_calls = calls_since(calls_before, model_stats(stack))
        failures = [line for line in pipeline.tail(100_000).splitlines() if "failed" in line]
        if failures:
            outcome.notes.append(f"the bare pipeline logged {len(failures)} failed calls or turns "
                                 f"(so it did less than Bobby), the first: {failures[0]}")
        if not pipeline.alive() or outcome.bare.real < users:
            outcome.notes.append(f"the bare pipeline's log ends: {pipeline.tail(10)}")
        outcome.twilio = httpx.get(f"{stack.twilio_url}/_bench/stats", timeout=10).json()
    outcome.stage = "done"
    return outcome


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(outcome: Outcome, kind: str) -> None:
    targets = TARGETS[kind]
    hook = outcome.webhook
    fives = sum(n for s, n in hook["statuses"].items() if not s.isdigit() or int(s) >= 500)
    print(f"{outcome.label}: {outcome.users} users mid-Reflect send one message at once, "
          f"model answers in {MODEL_DELAY:.0f} s")
    if outcome.seeder is not None and outcome.seed_seconds:
        done, took = outcome.seeder.turns_done, outcome.seed_seconds
        print(f"  (seeded with the offline model: {done} turns in {took:.1f} s, {done / took:.1f} turns/s)")
    got = outcome.replies
    print(f"  answered with a real reply: {got.real}/{outcome.users}   target all: "
          f"{verdict(got.real == outcome.users)}")
    print(f"    \"{KIND_REPLY}\": {got.kind}, other replies only: {got.other}, "
          f"nothing within {REPLY_WAIT:.0f} s: {got.unanswered}")
    rate = targets.rate
    if rate is None:
        print(f"  end to end: {got.rate:.1f} msg/s   (no absolute target: see the ratio to the "
              "bare pipeline)")
    else:
        print(f"  end to end: {got.rate:.1f} msg/s   target >= {rate:.0f}: "
              f"{verdict(got.rate >= rate and got.real == outcome.users)}")
    if got.p50 is not None and got.last is not None:
        print(f"    time to the reply: median {got.p50:.2f} s, last {got.last:.2f} s")
    report_ceiling(outcome)
    p99 = hook["p99_ms"]
    line = (f"  webhook: p50 {hook['p50_ms']} ms, p99 {p99} ms, max {hook['max_ms']} ms, "
            f"statuses {hook['statuses']}")
    if targets.p99_ms is not None:
        ok = p99 is not None and p99 < targets.p99_ms
        line += f"   target p99 < {targets.p99_ms:.0f} ms: {verdict(ok)}"
    print(line)
    bare = outcome.bare_webhook
    if bare:
        print(f"    the same burst against the bare Litestar app: p50 {bare['p50_ms']} ms, "
              f"p99 {bare['p99_ms']} ms (the floor on this machine)")
    print(f"    5xx or no answer: {fives}   target none: {verdict(fives == 0)}")
    for name, rss in outcome.rss_mb.items():
        shown = "unknown" if rss is None else f"{rss:.0f} MB"
        ok = rss is not None and rss < targets.rss_mb
        print(f"  peak RSS {name}: {shown}   target < {targets.rss_mb:.0f} MB: {verdict(ok)}")
    if outcome.cpu:
        print("  CPU over the burst and its replies: " + ", ".join(
            f"{name} {seconds:.1f} s" for name, seconds in outcome.cpu.items()))
    for name, calls in (("Bobby's burst", outcome.model_calls),
                        ("the bare pipeline's", outcome.bare_calls)):
        if calls:
            print(f"  model, {name}: {calls['chat']} chat calls "
                  f"({calls['chat'] / outcome.users:.2f} a message), at most "
                  f"{calls['peak_in_flight']} at once; {calls['moderations']} moderation calls")
    print(f"  fake Twilio: {outcome.twilio.get('messages', 0)} messages, "
          f"{outcome.twilio.get('typing', 0)} typing indicators in the whole run (Bobby shows one "
          "a model turn; the bare pipeline none)")
    for note in outcome.notes:
        print(f"  {note}")


def report_ceiling(outcome: Outcome) -> None:
    """The bare pipeline's figures for the same burst, and Bobby's throughput as a share of it."""
    bare = outcome.bare
    if bare is None:
        print("  the bare pipeline: not measured, so no ratio")
        return
    print(f"  the bare pipeline, same burst: {bare.real}/{outcome.users} real replies, "
          f"{bare.rate:.1f} msg/s, its CPU {outcome.bare_cpu:.1f} s")
    print("    (one process, no database: the webhook answers at once, then the same two model "
          "calls on Bobby's client and one Twilio send a message)")
    if bare.p50 is not None and bare.last is not None:
        print(f"    time to the reply: median {bare.p50:.2f} s, last {bare.last:.2f} s")
    got = outcome.replies
    if not bare.rate:
        print("  Bobby / bare pipeline: n/a (the bare pipeline answered nobody)")
        return
    ratio = got.rate / bare.rate
    ok = ratio >= RATIO_GOAL and got.real == outcome.users
    print(f"  Bobby / bare pipeline: {got.rate:.1f} / {bare.rate:.1f} msg/s = {ratio:.2f}   "
          f"goal >= {RATIO_GOAL}: {verdict(ok)}")


def run(outcome: Outcome, kind: str, *, split: bool, seconds: int) -> None:
    """One scenario within its own time limit; past it, say how far it got and move on."""
    try:
        with bounded(seconds):
            if kind == "postgres":
                with throwaway_database("bobby_bench_slow") as database_url:
                    scenario(outcome, database_url, split=split)
            else:
                scenario(outcome, None, split=split)
    except (DeadlineError, SeedError) as exc:
        why = f"stopped after {seconds} s" if isinstance(exc, DeadlineError) else f"failed ({exc})"
        print(f"{outcome.label}: {why} while {outcome.stage}")
        if outcome.measured:
            report(outcome, kind)
            return
        if outcome.seeder is not None and outcome.seed_seconds:
            done, took = outcome.seeder.turns_done, outcome.seed_seconds
            print(f"  seeding: {done} turns answered in {took:.0f} s ({done / took:.1f} turns/s, "
                  f"{len(INTO_SOCRATIC_LOOP) * (outcome.users + 1)} needed)")
        return
    report(outcome, kind)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--sqlite-users", type=int, default=50)
    parser.add_argument("--only", choices=["postgres", "sqlite"])
    parser.add_argument("--postgres-seconds", type=int, default=240, help="time limit of that part")
    parser.add_argument("--sqlite-seconds", type=int, default=75, help="time limit of that part")
    args = parser.parse_args()
    print(f"slow-model benchmark on {machine()}")
    settings = ", ".join(f"{k}={os.environ[k]}" for k in PASS_THROUGH if os.environ.get(k))
    print(f"  settings passed to Bobby: {settings or 'defaults'}")
    if not pipeline_landed():
        print("  note: the pipeline has not landed; `bobby serve` (turns inline) stands in for "
              "--web-only and worker")
    if args.only in (None, "postgres"):
        run(Outcome("PostgreSQL, web + worker", args.users), "postgres", split=True,
            seconds=args.postgres_seconds)
    if args.only in (None, "sqlite"):
        run(Outcome("SQLite, bobby serve alone", args.sqlite_users), "sqlite", split=False,
            seconds=args.sqlite_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(entry(main))
