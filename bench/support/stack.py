"""Bobby's processes as a deployment runs them, pointed at the bench's fakes."""

from __future__ import annotations

import functools
import os
import platform
import subprocess
from pathlib import Path

from bench.support import signing
from bench.support.procs import BIN, ROOT, Proc, Processes, clean_env, free_port, python_module

#: Settings the caller may pass through (e.g. `WORKER_CONCURRENCY=800 make bench`).
PASS_THROUGH = ("DATABASE_POOL_SIZE", "WORKER_CONCURRENCY")


@functools.cache
def pipeline_landed() -> bool:
    """True once `bobby worker` and `bobby serve --web-only` exist (issue 9's pipeline)."""
    done = subprocess.run([str(BIN / "bobby"), "serve", "--help"], capture_output=True,  # noqa: S603
                          text=True, timeout=60, check=False, env=clean_env())
    return "--web-only" in done.stdout


def machine() -> str:
    load = os.getloadavg()
    return (f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start")


class Stack:
    """The fakes and Bobby's processes of one benchmark run; `procs` stops them all."""

    def __init__(self, procs: Processes, work: Path, database_url: str) -> None:
        self.procs, self.work, self.database_url = procs, work, database_url
        self.twilio_url = ""
        self.openai_url = ""

    def start_fake_twilio(self) -> Proc:
        port = free_port()
        proc = self.procs.start("fake-twilio", python_module(
            "bench.support.fake_twilio", "--port", str(port), "--account-sid", signing.ACCOUNT_SID,
            "--auth-token", signing.AUTH_TOKEN), env=clean_env(), cwd=ROOT)
        self.twilio_url = f"http://127.0.0.1:{port}"
        proc.wait_http(f"{self.twilio_url}/_bench/stats")
        return proc

    def start_fake_openai(self, delay: float) -> Proc:
        port = free_port()
        proc = self.procs.start("fake-openai", python_module(
            "bench.support.fake_openai", "--port", str(port), "--delay", str(delay)),
            env=clean_env(), cwd=ROOT)
        self.openai_url = f"http://127.0.0.1:{port}/v1"
        proc.wait_http(f"http://127.0.0.1:{port}/_bench/stats")
        return proc

    def env(self, *, model: bool = False, **extra: str) -> dict[str, str]:
        """Bobby's settings; `model=True` points OPENAI_* at the fake model, else offline."""
        settings = {
            "DATABASE_URL": self.database_url, "BOBBY_ENV": "dev",
            "TWILIO_ACCOUNT_SID": signing.ACCOUNT_SID, "TWILIO_AUTH_TOKEN": signing.AUTH_TOKEN,
            "WHATSAPP_NUMBER": signing.WHATSAPP_NUMBER, "PUBLIC_BASE_URL": signing.PUBLIC_BASE_URL,
            "TWILIO_API_BASE_URL": self.twilio_url, "OPENAI_MODERATION": "false",
            "MEDIA_DIR": str(self.work / "media"),
        }
        if model:
            settings |= {"OPENAI_API_KEY": "sk-bench", "OPENAI_BASE_URL": self.openai_url,
                         "OPENAI_MODEL": "bench-model"}
        settings |= {k: os.environ[k] for k in PASS_THROUGH if os.environ.get(k)}
        return clean_env(**settings, **extra)

    def start_web(self, name: str, *, web_only: bool = True, model: bool = False,
                  **extra: str) -> tuple[Proc, str]:
        port = free_port()
        args = ["serve", "--host", "127.0.0.1", "--port", str(port)]
        if web_only and pipeline_landed():
            args.insert(1, "--web-only")
        proc = self.procs.start(name, [str(BIN / "bobby"), *args], env=self.env(model=model, **extra),
                                cwd=self.work)
        url = f"http://127.0.0.1:{port}"
        proc.wait_http(f"{url}/health")
        return proc, url

    def start_worker(self, name: str, *, model: bool = False, **extra: str) -> Proc | None:
        """`bobby worker`, or None before the pipeline (then the web process runs turns inline)."""
        if not pipeline_landed():
            return None
        return self.procs.start(name, [str(BIN / "bobby"), "worker"],
                                env=self.env(model=model, **extra), cwd=self.work)
