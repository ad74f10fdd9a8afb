"""A PostgreSQL cluster of a test's own (initdb + pg_ctl on a free port in a temporary directory),
so a test can stop and start the server under a running Bobby without touching the shared one.

initdb refuses to run as root; as root, the cluster runs as the `postgres` system user."""

from __future__ import annotations

import contextlib
import getpass
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from tests.integration.processes import free_port


class ClusterUnavailableError(RuntimeError):
    """No PostgreSQL server binaries here, or no user they agree to run as."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise ClusterUnavailableError("no initdb in /usr/lib/postgresql/*/bin or on PATH")


def _run_as() -> tuple[str | None, int | None]:
    """The user to run the server as: ourselves, or `postgres` when we are root."""
    if os.geteuid() != 0:
        return None, None
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        raise ClusterUnavailableError("running as root and there is no postgres user") from None
    return entry.pw_name, entry.pw_uid


class ThrowawayCluster:
    """`start()` once (initdb, then the server); `stop()`/`start()` as often as the test likes;
    `remove()` stops it for good and deletes its files."""

    def __init__(self) -> None:
        self._bin = _bin_dir()
        self._user, uid = _run_as()
        # Not under pytest's tmp_path: that is private to root, and the server may be `postgres`.
        self.root = Path(tempfile.mkdtemp(prefix="bobby-pg-"))
        if uid is not None:
            os.chown(self.root, uid, -1)
        self.data, self.log = self.root / "data", self.root / "server.log"
        self.port = free_port()
        self._initialised = False
        self.owner = self._user or getpass.getuser()

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://{self.owner}@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql://{self.owner}@127.0.0.1:{self.port}/{database}"

    def _pg(self, tool: str, *args: str, timeout: float = 60) -> None:
        done = subprocess.run([str(self._bin / tool), *args], user=self._user,  # noqa: S603
                              capture_output=True, text=True, timeout=timeout, check=False,
                              cwd=self.root)
        if done.returncode != 0:
            raise ClusterUnavailableError(f"{tool} failed: {done.stderr.strip()[-500:]}")

    def start(self) -> None:
        if not self._initialised:
            self._pg("initdb", "-D", str(self.data), "-U", self.owner, "--auth=trust",
                     "-E", "UTF8", "--no-sync", "--no-instructions")
            self._initialised = True
        # fsync off is safe here: a stopped server is a crashed process, never a lost page
        # cache. synchronous_commit stays on, or an immediate stop would lose acknowledged
        # commits, which is no fault of Bobby's.
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                 "-t", "60", "start")

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` is a crash as far as clients can tell: every connection is cut at once."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.admin_dsn, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f"CREATE DATABASE {name}".encode())
        return self.url(name)

    def remove(self) -> None:
        with contextlib.suppress(ClusterUnavailableError):  # already stopped
            self.stop("fast")
        shutil.rmtree(self.root, ignore_errors=True)
