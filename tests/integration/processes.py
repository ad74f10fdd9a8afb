"""Bobby's processes for the tests that need real ones (`bobby worker`, `bobby serve`, a test's
own worker module): started with a clean environment and a log each, always stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
_SETTINGS = ("TWILIO_", "OPENAI_", "STRIPE_", "BOBBY_", "PUBLIC_", "DATABASE_", "WORKER_",
             "EMAILOCTOPUS_", "WHATSAPP_", "ADMIN_", "DATA_ENCRYPTION_", "PAYWALL", "HELPLINES_",
             "SQLITE_", "MAX_REQUEST_", "SPOOL_", "METRICS_")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**settings: str) -> dict[str, str]:
    """This environment without any Bobby, provider or database setting, plus `settings`."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(_SETTINGS)}
    return {**keep, **settings}


class Spawned:
    """Every process a test starts; `stop_all()` (the fixture calls it) ends what is left."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.running: list[subprocess.Popen[bytes]] = []

    def bobby(self, *args: str, name: str = "bobby", **settings: str) -> subprocess.Popen[bytes]:
        """`bobby ARGS` in the test's directory (so no developer .env is read)."""
        return self._start(name, [str(BIN / "bobby"), *args], clean_env(**settings))

    def module(self, module: str, *args: str, name: str = "module") -> subprocess.Popen[bytes]:
        """`python -m MODULE ARGS` from the repository, in the caller's environment."""
        env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
        return self._start(name, [sys.executable, "-m", module, *args], env, cwd=ROOT)

    def web(self, settings: Mapping[str, str], name: str = "web", port: int | None = None,
            *, web_only: bool = True) -> tuple[subprocess.Popen[bytes], str]:
        """`bobby serve --web-only` (or the whole `bobby serve`) on `port` (a free one by
        default), once it answers /health; returns its URL."""
        port = port or free_port()
        split = ("--web-only",) if web_only else ()
        process = self.bobby("serve", *split, "--host", "127.0.0.1", "--port", str(port),
                             name=name, **dict(settings))
        url = f"http://127.0.0.1:{port}"
        wait_http(process, f"{url}/health", self.log_of(name))
        return process, url

    def log_of(self, name: str) -> Path:
        return self.work / f"{name}.log"

    def _start(self, name: str, argv: list[str], env: dict[str, str],
               cwd: Path | None = None) -> subprocess.Popen[bytes]:
        with self.log_of(name).open("ab") as log:
            process = subprocess.Popen(argv, cwd=cwd or self.work, env=env,  # noqa: S603
                                       stdout=log, stderr=subprocess.STDOUT)
        self.running.append(process)
        return process

    def stop_all(self) -> None:
        """SIGTERM whatever still runs, then SIGKILL what has not stopped within 15 s."""
        for process in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no shutdown of any kind, as when a machine or container dies."""
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def wait_http(process: subprocess.Popen[bytes], url: str, log: Path, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url} exited with {process.returncode}:\n{_tail(log)}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {within} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
