"""Webhook throughput and latency: signed inbound Twilio webhooks against `bobby serve --web-only`
on PostgreSQL, beside a bare Litestar app (signature + form + empty TwiML) in the same run.

Prints messages/s of each with 32 connections for 10 s (closed loop), their ratio (target >= 0.30)
and p50/p99 latency at a fixed 100 msg/s (open loop, timed from each planned send; target
p99 < 50 ms). Every request has its own MessageSid; they come from a few hundred users. Uses wrk
for the closed loop when installed (`apt-get install wrk`), else a Python generator.

Run: `make bench`, or `.venv/bin/python bench/webhook.py [--duration 10] [--connections 32]`.
Needs PostgreSQL on 127.0.0.1:5432 (BENCH_ADMIN_DSN to change); creates and drops its database."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bench.support import load, signing, wrk  # noqa: E402
from bench.support.pg import throwaway_database, transactions  # noqa: E402
from bench.support.procs import (  # noqa: E402
    Proc,
    Processes,
    bounded,
    clean_env,
    entry,
    free_port,
    python_module,
    run_bobby,
)
from bench.support.stack import Stack, machine, pipeline_landed  # noqa: E402

TEXTS = ("hi", "I feel a bit tired today", "menu", "yes", "Work has been a lot this week",
         "not sure", "2", "I slept badly again")
RATIO_TARGET, P99_TARGET_MS = 0.30, 50.0


def requests(signer: signing.Signer, count: int, users: int, offset: int = 0) -> list[signing.Signed]:
    return [signer.inbound(signing.phone(offset + n % users), TEXTS[n % len(TEXTS)])
            for n in range(count)]


def python_load(mode: str, url: str, file: Path, **options: object) -> dict[str, Any]:
    return load.run(mode, url, file, **options)


def closed_loop(base: str, file: Path, args: argparse.Namespace) -> dict[str, Any]:
    if args.generator == "wrk" or (args.generator == "auto" and wrk.available()):
        return wrk.closed(base, file, connections=args.connections, duration=args.duration)
    return python_load("closed", base + signing.INBOUND_PATH, file,
                       concurrency=args.connections, duration=args.duration)


def measured(proc: Proc, run: Any) -> dict[str, Any]:
    """Run the load, adding the server process's CPU seconds over it."""
    before = proc.cpu_seconds()
    figures: dict[str, Any] = run()
    figures["server_cpu_seconds"] = round(proc.cpu_seconds() - before, 2)
    return figures


def failures(figures: dict[str, Any]) -> int:
    if "failed" in figures:
        return int(figures["failed"])
    return sum(n for s, n in figures["statuses"].items() if not (s.isdigit() and 200 <= int(s) < 300))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="closed-loop seconds per app")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2, help="closed-loop rounds per app")
    parser.add_argument("--rate", type=float, default=100.0, help="open-loop messages/s")
    parser.add_argument("--open-duration", type=float, default=15.0)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args()
    print(f"webhook benchmark on {machine()}")
    if not pipeline_landed():
        print("  note: the pipeline has not landed; `bobby serve` (turns inline) stands in for --web-only")
    with (bounded(300), tempfile.TemporaryDirectory(prefix="bobby-bench-") as tmp,
          throwaway_database("bobby_bench_webhook") as database_url, Processes(Path(tmp)) as procs):
        work = Path(tmp)
        stack = Stack(procs, work, database_url)
        stack.start_fake_twilio()
        run_bobby(["db", "upgrade"], env=stack.env(), cwd=work)
        bobby, bobby_url = stack.start_web("bobby-web", web_only=True)
        bare_port = free_port()
        bare = procs.start("bare-app", python_module("bench.support.bare_app", "--port", str(bare_port)),
                           env=clean_env(TWILIO_AUTH_TOKEN=signing.AUTH_TOKEN,
                                         PUBLIC_BASE_URL=signing.PUBLIC_BASE_URL), cwd=ROOT)
        bare_url = f"http://127.0.0.1:{bare_port}"
        bare.wait_http(f"{bare_url}/health")

        signer = signing.Signer()
        order = [name for r in range(args.rounds) for name in (("bare", "bobby") if r % 2 == 0
                                                                else ("bobby", "bare"))]
        sizes = {"bare": int(4000 * args.duration), "bobby": int(1500 * args.duration)}
        files: dict[str, Path] = {}
        for name in ("bare", "bobby"):
            phases = [("warm", 600), ("open", int(args.rate * args.open_duration))]
            phases += [(f"closed{r}", sizes[name]) for r in range(args.rounds)]
            for phase, count in phases:
                files[f"{name}-{phase}"] = path = work / f"{name}-{phase}.tsv"
                signing.write_requests(str(path), requests(signer, count, args.users))

        targets = {"bare": (bare, bare_url), "bobby": (bobby, bobby_url)}
        for name, (_, base) in targets.items():
            python_load("closed", base + signing.INBOUND_PATH, files[f"{name}-warm"],
                        concurrency=8, duration=2)
        # Alternating rounds (bare, bobby, bobby, bare, ...) so drifting load from other work on
        # the machine weighs on both alike.
        results: dict[str, list[dict[str, Any]]] = {"bare": [], "bobby": []}
        stats = psycopg.connect(database_url, autocommit=True)
        time.sleep(1.0)
        xacts = transactions(stats)
        for name in order:
            proc, base = targets[name]
            file = files[f"{name}-closed{len(results[name])}"]
            results[name].append(measured(proc, lambda b=base, f=file: closed_loop(b, f, args)))
            time.sleep(1)
        time.sleep(1.0)
        xacts = transactions(stats) - xacts - 1
        stats.close()
        per_message = xacts / max(1, sum(f["answered"] for f in results["bobby"]))
        opened: dict[str, dict[str, Any]] = {}
        for name in ("bobby", "bare"):
            proc, base = targets[name]
            opened[name] = measured(proc, lambda b=base, n=name: python_load(
                "open", b + signing.INBOUND_PATH, files[f"{n}-open"], rate=args.rate,
                duration=args.open_duration))
        bobby_rss = bobby.peak_rss_mb()
        report(args, results, opened, bobby_rss)
        print(f"  database transactions per stored message: {per_message:.1f}")
        for proc in (bobby, bare):
            if not proc.alive():
                print(f"  {proc.name} died during the run:\n{proc.tail()}")
    return 0


def report(args: argparse.Namespace, closed: dict[str, list[dict[str, Any]]],
           opened: dict[str, dict[str, Any]], rss: float | None) -> None:
    generator = closed["bare"][0]["mode"]
    print(f"closed loop: {args.connections} connections, {args.rounds} rounds of "
          f"{args.duration:.0f} s per app in alternation, {generator}, {args.users} users, "
          "a new MessageSid every message")
    if "wrk" not in generator:
        print("  note: the Python generator may limit the bare app's figure (and so flatter the "
              "ratio); install wrk for the reference figure")
    print(f"  {'':28} {'msg/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7} {'server CPU':>11} "
          f"{'generator CPU':>14}")
    means: dict[str, float] = {}
    for name, label in (("bare", "bare Litestar app"), ("bobby", "bobby serve --web-only")):
        for n, figures in enumerate(closed[name], 1):
            print(f"  {label + f' (round {n})':28} {figures['per_second']:>9.1f} "
                  f"{figures['p50_ms']:>8.1f} {figures['p99_ms']:>8.1f} {failures(figures):>7} "
                  f"{figures['server_cpu_seconds']:>9.1f} s {figures.get('cpu_seconds', 0):>12.1f} s")
            if figures.get("wraps"):
                print(f"    (the generator ran out of distinct requests {figures['wraps']} time(s): "
                      "repeats were sent)")
        means[name] = sum(f["per_second"] for f in closed[name]) / len(closed[name])
        print(f"  {label + ' (mean)':28} {means[name]:>9.1f}")
    ratio = means["bobby"] / means["bare"] if means["bare"] else 0.0
    verdict = "met" if ratio >= RATIO_TARGET else "NOT met"
    print(f"  ratio bobby / bare: {ratio:.2f}   target >= {RATIO_TARGET:.2f}: {verdict}")
    print(f"open loop: {args.rate:.0f} msg/s for {args.open_duration:.0f} s, latency from each "
          "planned send")
    for name, label in (("bobby", "bobby serve --web-only"), ("bare", "bare Litestar app")):
        figures = opened[name]
        target = ""
        if name == "bobby":
            ok = figures["p99_ms"] is not None and figures["p99_ms"] < P99_TARGET_MS
            target = f"   target p99 < {P99_TARGET_MS:.0f} ms: {'met' if ok else 'NOT met'}"
        print(f"  {label:28} p50 {figures['p50_ms']:.1f} ms  p99 {figures['p99_ms']:.1f} ms  "
              f"max {figures['max_ms']:.1f} ms  achieved {figures['per_second']:.1f} msg/s  "
              f"failed {failures(figures)}{target}")
    if rss is not None:
        print(f"  bobby web process peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    raise SystemExit(entry(main))
