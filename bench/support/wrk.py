"""Closed-loop load with wrk (Debian package `wrk`) when it is installed: a C generator spends far
less CPU per request than Python, which matters on a 2-core machine where the generator and the
server share the cores. Pre-signed requests are loaded into Lua at start-up and sent in order."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
from pathlib import Path
from typing import Any

SCRIPT = r"""
local path = "/webhooks/twilio/messages"
local threads, counter = {}, 0
local reqs, n, i, wraps = {}, 0, 0, 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads, k = args[1], tonumber(args[2]), 0
  for line in io.lines(file) do
    if k % nthreads == tid then
      local sig, body = line:match("^([^\t]*)\t(.*)$")
      n = n + 1
      reqs[n] = wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = sig}, body)
    end
    k = k + 1
  end
end

function request()
  i = i + 1
  if i > n then i = 1; wraps = wraps + 1 end
  return reqs[i]
end

function done(summary, latency, requests)
  local w = 0
  for _, t in ipairs(threads) do w = w + (t:get("wraps") or 0) end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"wraps":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, w))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def closed(base_url: str, requests_file: Path, *, connections: int, duration: float,
           threads: int = 1) -> dict[str, Any]:
    """Figures in load.py's shape: per_second, p50_ms, p99_ms, statuses, cpu_seconds."""
    script = requests_file.with_suffix(".lua")
    script.write_text(SCRIPT)
    wrk = shutil.which("wrk")
    assert wrk is not None
    argv = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration:.0f}s", "--timeout", "10s",
            "-s", str(script), base_url, "--", str(requests_file), str(threads)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60,  # noqa: S603
                          check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCHJSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr[-2000:]} {done.stdout[-2000:]}")
    raw = json.loads(line.removeprefix("BENCHJSON "))
    seconds = raw["duration_us"] / 1e6
    failed = raw["status_errors"] + raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] \
        + raw["timeouts"]
    answered = raw["requests"] - failed
    return {"mode": "closed (wrk)", "requests": raw["requests"], "answered": answered,
            "seconds": round(seconds, 3), "per_second": round(answered / seconds, 1),
            "statuses": {"non-2xx": raw["status_errors"], "socket errors": failed - raw["status_errors"]},
            "failed": failed, "p50_ms": raw["p50_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000, "wraps": raw["wraps"], "concurrency": connections,
            "cpu_seconds": round(cpu, 2)}
