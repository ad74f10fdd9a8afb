"""A TCP proxy in a process of its own, between Bobby and PostgreSQL, for the fault tests:
`python -m tests.integration.tcp_proxy LISTEN_PORT TARGET_PORT` forwards 127.0.0.1:LISTEN_PORT
to 127.0.0.1:TARGET_PORT, byte for byte, and prints "ready" once it listens.

Its faults: stop it (connections cut, new ones refused, as a database that went away) and start
it again on the same port; or SIGSTOP it (connections stay open and new ones are accepted by the
kernel, but nothing is forwarded, as a database or network that hangs) and SIGCONT it."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys

from tests.integration.processes import Spawned


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            writer.close()


async def _serve(listen: int, target: int) -> None:
    async def forward(client_reader: asyncio.StreamReader,
                      client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(_pipe(client_reader, server_writer),
                             _pipe(server_reader, client_writer))

    server = await asyncio.start_server(forward, "127.0.0.1", listen, backlog=1024)
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()


class Proxy:
    """The proxy process, started through the test's `Spawned` so it is always stopped."""

    def __init__(self, spawned: Spawned, listen: int, target: int) -> None:
        self._spawned, self.port, self._target = spawned, listen, target
        self._process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        log = self._spawned.log_of("proxy")
        before = log.read_text().count("ready") if log.exists() else 0
        self._process = self._spawned.module("tests.integration.tcp_proxy", str(self.port),
                                             str(self._target), name="proxy")
        for _ in range(300):
            if log.exists() and log.read_text().count("ready") > before:
                return
            if self._process.poll() is not None:
                raise AssertionError(f"the proxy exited: {log.read_text()[-500:]}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(0.05)
        raise AssertionError("the proxy did not start")

    def refuse(self) -> None:
        """Stop forwarding and listening: open connections are cut, new ones refused."""
        assert self._process is not None
        self._process.kill()
        self._process.wait(10)

    def freeze(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1]), int(sys.argv[2])))
