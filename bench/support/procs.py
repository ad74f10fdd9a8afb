"""Processes a benchmark starts: spawned with their own log, waited for, measured, always stopped."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any Bobby, provider or database setting, plus `extra`."""
    prefixes = ("TWILIO_", "OPENAI_", "STRIPE_", "BOBBY_", "PUBLIC_", "DATABASE_", "WORKER_",
                "EMAILOCTOPUS_", "WHATSAPP_", "ADMIN_", "DATA_ENCRYPTION_", "PAYWALL", "HELPLINES_")
    keep = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return {**keep, **extra}


class Proc:
    """One child process, its output in `log`; `stop()` is safe to call twice."""

    def __init__(self, name: str, argv: Sequence[str], *, env: Mapping[str, str], cwd: Path,
                 log_dir: Path) -> None:
        self.name, self.argv = name, list(argv)
        self.log = log_dir / f"{name}.log"
        self._out = self.log.open("ab")
        self.started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603 - our own commands
            self.argv, env=dict(env), cwd=cwd, stdout=self._out, stderr=subprocess.STDOUT,
            start_new_session=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_http(self, url: str, timeout: float = 60.0) -> None:
        """Until `url` answers anything below 500; raise with the log's tail if the process dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if httpx.get(url, timeout=1.0).status_code < 500:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer {url} within {timeout:.0f} s:\n{self.tail()}")

    def status_kb(self, field: str) -> int | None:
        """A `kB` line of /proc/<pid>/status (VmHWM: peak resident set, VmRSS: current)."""
        return _status_kb(self.pid, field)

    def peak_rss_mb(self) -> float | None:
        """Peak resident memory of the process and its children (each child's own peak)."""
        total = 0
        found = False
        for pid in (self.pid, *descendants(self.pid)):
            kb = _status_kb(pid, "VmHWM")
            if kb is not None:
                total, found = total + kb, True
        return total / 1024 if found else None

    def cpu_seconds(self) -> float:
        """User plus system CPU time used so far by the process (children not included)."""
        return cpu_seconds(self.pid) or 0.0

    def tail(self, lines: int = 30) -> str:
        self._out.flush()
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM its process group, then SIGKILL whatever is left after `timeout`."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        # Children of the group that outlived their parent.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        self._out.close()
        return self.process.returncode


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time a process has used so far; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _status_kb(pid: int, field: str) -> int | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Processes:
    """Every process a benchmark starts; leaving the block stops them all, newest first."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.running: list[Proc] = []

    def start(self, name: str, argv: Sequence[str], *, env: Mapping[str, str],
              cwd: Path | None = None) -> Proc:
        proc = Proc(name, argv, env=env, cwd=cwd or self.log_dir, log_dir=self.log_dir)
        self.running.append(proc)
        return proc

    def stop(self, proc: Proc) -> None:
        proc.stop()
        if proc in self.running:
            self.running.remove(proc)

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in reversed(self.running):
            proc.stop()
        self.running.clear()


class DeadlineError(Exception):
    """The benchmark ran past its time limit."""


@contextlib.contextmanager
def bounded(seconds: int) -> Iterator[None]:
    """Raise DeadlineError after `seconds`, and turn SIGTERM/SIGHUP into SystemExit, so `finally`
    blocks (stop processes, drop databases) always run."""

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise DeadlineError(f"benchmark exceeded {seconds} s")

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = {s: signal.getsignal(s) for s in (signal.SIGALRM, signal.SIGTERM, signal.SIGHUP)}
    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def python_module(module: str, *args: str) -> list[str]:
    """argv to run one of bench/support's modules in a process of its own."""
    return [sys.executable, "-m", module, *args]


def bobby(*args: str) -> list[str]:
    return [str(BIN / "bobby"), *args]


def run_bobby(args: Sequence[str], *, env: Mapping[str, str], cwd: Path, timeout: float = 180) -> None:
    done = subprocess.run(bobby(*args), env=dict(env), cwd=cwd,  # noqa: S603
                          capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bobby {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def keep_logs(work: Path, target: Path | None) -> None:
    """Copy the processes' logs out of the run's temporary directory (before it goes)."""
    if target is None:
        return
    target.mkdir(parents=True, exist_ok=True)
    for log in work.glob("*.log"):
        shutil.copy(log, target / log.name)


def entry(main: Callable[[], int]) -> int:
    """Run a benchmark's main: past its time limit it says so and exits 0 (a figure, not a crash,
    so `make bench` goes on); without PostgreSQL it says what it needs and exits 1."""
    from bench.support.pg import PostgresUnavailableError

    try:
        return main()
    except DeadlineError as exc:
        print(f"  stopped: {exc}; every process it started is stopped and its database dropped")
        return 0
    except PostgresUnavailableError as exc:
        print(f"  {exc}")
        return 1
