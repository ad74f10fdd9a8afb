"""Turns per second of one `bobby worker` process with the offline model on PostgreSQL.

Inbound messages are stored through the real webhook (`bobby serve --web-only`) while no worker
runs; then one `bobby worker` starts and the database is polled until every queued turn has
run. Two rounds: first contact ("hi" from new users: consent) and the next message ("yes":
consent given, the menu). Target: >= 150 turns/s. Also the CPU each process spends a message:
the web process (storing it), the worker (its turn and its reply's send), and PostgreSQL (the
backends serving the benchmark's database, found in pg_stat_activity by its name; other
clients of the same server are not counted).

Run: `make bench`, or `.venv/bin/python bench/turns.py [--users 2000]`.
Needs PostgreSQL on 127.0.0.1:5432; creates and drops its database."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bench.support import load, signing  # noqa: E402
from bench.support.pg import BackendCpu, throwaway_database, transactions  # noqa: E402
from bench.support.procs import Proc, Processes, bounded, entry, keep_logs, run_bobby  # noqa: E402
from bench.support.stack import Stack, machine, pipeline_landed  # noqa: E402

TARGET = 150.0
ROUND_LIMIT = 75.0
POLL = 0.05
#: Inbound messages whose turn has not run yet (the inbox: migration 0004's handled_at).
PENDING_TURNS = "SELECT count(*) FROM messages WHERE direction = 'inbound' AND handled_at IS NULL"
#: Replies recorded in the outbox and not yet handed to Twilio.
PENDING_SENDS = ("SELECT count(*) FROM messages WHERE direction = 'outbound' "
                 "AND status IN ('queued', 'sending')")
DRAIN_LIMIT = 30.0


@dataclass
class Round:
    label: str
    messages: int
    load_seconds: float = 0.0
    first: float | None = None
    """When the first turn had run (perf_counter)."""
    last: float | None = None
    """When the last turn seen had run."""
    done: int = 0
    since_start: float | None = None
    left: int = 0
    replies: int = 0
    drained: float | None = None
    """Seconds after the last turn until every reply was sent."""
    unsent: int = 0
    cpu_turns: float = 0.0
    """The worker's CPU seconds until the last turn ran (start-up included)."""
    cpu_total: float = 0.0
    transactions: int = 0
    """Database transactions of the worker over the round (turns, sends, queue)."""
    cpu_web: float = 0.0
    """The web process's CPU seconds over the round (storing the messages)."""
    cpu_warm: float | None = None
    """The worker's CPU seconds when the first turns had run (start-up and those turns)."""
    done_warm: int = 0
    """Turns run by then."""
    cpu_pg: float = 0.0
    """CPU seconds of the database's backends over the round (BackendCpu)."""
    pg_backends: int = 0
    pg_ended: int = 0

    @property
    def rate(self) -> float | None:
        """Turns/s from the first finished turn to the last seen (worker start-up excluded)."""
        if self.first is None or self.last is None or self.last <= self.first or self.done < 2:
            return None
        return (self.done - 1) / (self.last - self.first)


def count(conn: psycopg.Connection[tuple[int]], query: str) -> int:
    row = conn.execute(query).fetchone()  # type: ignore[arg-type]
    return int(row[0]) if row else 0


def pending(conn: psycopg.Connection[tuple[int]]) -> int:
    return count(conn, PENDING_TURNS)


def one_round(stack: Stack, work: Path, web: Proc, web_url: str, label: str, text: str,
              numbers: list[str], signer: signing.Signer) -> Round:
    result = Round(label, len(numbers))
    file = work / f"{label}.tsv"
    signing.write_requests(str(file), [signer.inbound(n, text) for n in numbers])
    database = stack.database_url.rsplit("/", 1)[1]
    replies_before = httpx.get(f"{stack.twilio_url}/_bench/stats", timeout=10).json().get("messages", 0)
    with psycopg.connect(stack.database_url, autocommit=True) as conn, \
            BackendCpu(database, exclude=(conn.info.backend_pid,)) as pg:
        web_before = web.cpu_seconds()
        started = time.perf_counter()
        figures = load.run("closed", web_url + signing.INBOUND_PATH, file, concurrency=16,
                           once=True, duration=600)
        result.load_seconds = time.perf_counter() - started
        if figures["statuses"] != {"200": len(numbers)}:
            raise RuntimeError(f"storing the messages failed: {figures['statuses']}")
        queued = pending(conn)
        if queued < len(numbers):
            print(f"  note: {queued} turns queued for {len(numbers)} messages")
        time.sleep(1.0)  # statistics settle
        xacts, polls = transactions(conn), 0
        worker = stack.start_worker(f"worker-{label}")
        assert worker is not None
        began = time.perf_counter()
        deadline = began + ROUND_LIMIT
        left = queued
        while time.perf_counter() < deadline and worker.alive():
            now_left = pending(conn)
            polls += 1
            now = time.perf_counter()
            if now_left < left:
                if result.first is None:  # start-up is over: what follows is the steady state
                    result.first, result.cpu_warm = now, worker.cpu_seconds()
                    result.done_warm = queued - now_left
                result.last, result.done = now, queued - now_left
            left = now_left
            if left == 0:
                result.since_start = now - began
                break
            time.sleep(POLL)
        result.left = left
        result.cpu_turns = worker.cpu_seconds()
        # The same worker sends the replies (the outbox); wait for them before the next round.
        drain_from = time.perf_counter()
        while worker.alive() and time.perf_counter() < drain_from + DRAIN_LIMIT:
            result.unsent = count(conn, PENDING_SENDS)
            polls += 1
            if result.unsent == 0:
                result.drained = time.perf_counter() - drain_from
                break
            time.sleep(POLL)
        if not worker.alive():
            print(f"  worker died:\n{worker.tail()}")
        result.cpu_total = worker.cpu_seconds()
        result.cpu_web = web.cpu_seconds() - web_before
        pg.stop()  # before the worker's backends go with it
        result.cpu_pg, result.pg_backends, result.pg_ended = pg.seconds, pg.backends, pg.ended
        stack.procs.stop(worker)
        time.sleep(1.0)
        # Less this connection's own: the polls and the two statistics reads.
        result.transactions = transactions(conn) - xacts - polls - 2
    replies_after = httpx.get(f"{stack.twilio_url}/_bench/stats", timeout=10).json().get("messages", 0)
    result.replies = replies_after - replies_before
    return result


def show(r: Round) -> None:
    rate = "n/a" if r.rate is None else f"{r.rate:.1f}"
    total = "" if r.since_start is None else f" ({r.messages / r.since_start:.1f} counting worker start-up)"
    met = "met" if r.rate and r.rate >= TARGET and r.left == 0 else "NOT met"
    print(f"  {r.label:14} {rate:>7} turns/s{total}   target >= {TARGET:.0f}: {met}")
    drained = "not within the limit" if r.drained is None else f"{r.drained:.1f} s later"
    unrun = "" if r.left == 0 else f" (not all within {ROUND_LIMIT:.0f} s: the rate is over those that ran)"
    print(f"  {'':14} stored in {r.load_seconds:.1f} s; {r.left} of {r.messages} turns left unrun{unrun}; "
          f"{r.replies} replies sent, the last {drained} ({r.unsent} unsent)")
    if r.done:
        print(f"  {'':14} worker CPU: {r.cpu_turns:.1f} s until the last turn, {r.cpu_total:.1f} s with "
              f"the sends ({1000 * r.cpu_total / r.done:.1f} ms a turn with its sends); "
              f"{r.transactions / r.done:.1f} database transactions a turn with its sends", flush=True)
    if r.cpu_warm is not None and r.done > r.done_warm:
        worker = (r.cpu_total - r.cpu_warm) / (r.done - r.done_warm)
        web, pg = r.cpu_web / r.messages, r.cpu_pg / r.messages
        ended = f", {r.pg_ended} of them ended within the round" if r.pg_ended else ""
        print(f"  {'':14} CPU a message: web {1000 * web:.1f} ms, worker {1000 * worker:.1f} ms, "
              f"PostgreSQL {1000 * pg:.1f} ms ({r.pg_backends} backends{ended}); "
              f"{1000 * (web + worker + pg):.1f} ms in all", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=600)
    parser.add_argument("--keep-logs", type=Path, help="copy the processes' logs here")
    args = parser.parse_args()
    print(f"turns benchmark on {machine()}")
    if not pipeline_landed():
        print("  skipped: needs `bobby worker` (issue 9's pipeline), which this checkout does not have")
        return 0
    print(f"one worker, offline model, PostgreSQL; {args.users} users, one message each per round",
          flush=True)
    print("CPU a message, from /proc: the web process over the round (it stores the messages); "
          "the worker from its first finished turns to its last reply sent (start-up left out); "
          "PostgreSQL: the server's processes whose title names this benchmark's database (its "
          "backends, as pg_stat_activity lists them), looked at every 25 ms over the round; other "
          "clients of the server and its shared processes (WAL writer, checkpointer) are not "
          "counted, nor what a backend spent after the last look before it exited", flush=True)
    with (bounded(300), tempfile.TemporaryDirectory(prefix="bobby-bench-") as tmp,
          throwaway_database("bobby_bench_turns") as database_url, Processes(Path(tmp)) as procs):
        work = Path(tmp)
        try:
            stack = Stack(procs, work, database_url)
            stack.start_fake_twilio()
            run_bobby(["db", "upgrade"], env=stack.env(), cwd=work)
            web, web_url = stack.start_web("web", web_only=True)
            signer = signing.Signer()
            numbers = [signing.phone(n) for n in range(args.users)]
            for label, text in (("first-contact", "hi"), ("consent", "yes")):
                result = one_round(stack, work, web, web_url, label, text, numbers, signer)
                show(result)
                if result.left or result.drained is None:
                    print("  (the next round would start with this one's backlog: not run)")
                    break
        finally:
            keep_logs(work, args.keep_logs)
    return 0


if __name__ == "__main__":
    raise SystemExit(entry(main))
