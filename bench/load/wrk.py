"""Driving the server with wrk (Debian's package): one Lua script per step, results read back as one JSON line.

Each request picks one of the step's prepared requests at random (a signed-in user's cookie and
its body), so load spreads over many sessions, accounts and invoices. ``@KEY@`` in a body becomes
a fresh idempotency key per request. The script counts a response as good only when it is a 200
whose body holds the step's success marker; anything else is counted (429s apart), never hidden.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PreparedRequest:
    method: str
    path: str
    cookie: str
    body: str = ""


@dataclass(frozen=True)
class Measured:
    connections: int
    requests: int
    seconds: float
    good: int
    limited: int
    failed: int
    server_errors: int
    socket_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    first_failure: str = ""
    """The first unexpected answer (status and the start of its body), to say why a step failed."""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _lua_string(value: str) -> str:
    level = "=" * 3
    assert f"]{level}]" not in value
    return f"[{level}[{value}]{level}]"


def script(requests: list[PreparedRequest], csrf: str, success_marker: str) -> str:
    items = ",\n".join(
        "{" + ", ".join(f"{k} = {_lua_string(getattr(r, k))}" for k in ("method", "path", "cookie", "body")) + "}"
        for r in requests
    )
    return f"""
local items = {{
{items}
}}
local csrf = {_lua_string(csrf)}
local marker = {_lua_string(success_marker)}
local threads = {{}}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  good = 0
  limited = 0
  failed = 0
  server_errors = 0
  first_failure = ""
  math.randomseed(tid * 7919 + os.time())
end

function request()
  counter = counter + 1
  local item = items[math.random(#items)]
  local headers = {{["Cookie"] = item.cookie, ["x-csrf-token"] = csrf, ["Content-Type"] = "application/json"}}
  local body = nil
  if item.body ~= "" then
    body = string.gsub(item.body, "@KEY@", "bench-" .. tid .. "-" .. counter .. "-" .. math.random(1000000000))
  end
  return wrk.format(item.method, item.path, headers, body)
end

function response(status, headers, body)
  if status == 200 and string.find(body, marker, 1, true) then
    good = good + 1
  elseif status == 429 or (status == 200 and string.find(body, "RateLimitedResult", 1, true)) then
    limited = limited + 1
  else
    failed = failed + 1
    if first_failure == "" then first_failure = status .. " " .. string.sub(body, 1, 300) end
    if status >= 500 then server_errors = server_errors + 1 end
  end
end

function done(summary, latency, requests)
  local g, l, f, s = 0, 0, 0, 0
  local why = ""
  for _, t in ipairs(threads) do
    g = g + t:get("good"); l = l + t:get("limited"); f = f + t:get("failed"); s = s + t:get("server_errors")
    if why == "" then why = t:get("first_failure") end
  end
  io.write("FIRST_FAILURE " .. why .. "\\n")
  local e = summary.errors
  io.write(string.format(
    'RESULT {{"requests": %d, "duration_us": %d, "good": %d, "limited": %d, "failed": %d, "server_errors": %d, '
    .. '"socket_errors": %d, "p50": %d, "p95": %d, "p99": %d}}\\n',
    summary.requests, summary.duration, g, l, f, s, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def drive(base: str, lua: str, *, connections: int, seconds: int) -> Measured:
    """Run wrk for ``seconds`` at ``connections`` connections (one thread per 16 connections, at most 2)."""
    threads = max(1, min(2, connections // 16 or 1))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua)
    try:
        done = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(handle.name).unlink()
    line = next((row for row in done.stdout.splitlines() if row.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix("RESULT "))
    why = next(
        (row.removeprefix("FIRST_FAILURE ") for row in done.stdout.splitlines() if row.startswith("FIRST_FAILURE ")), ""
    )
    return Measured(
        connections=connections,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        good=raw["good"],
        limited=raw["limited"],
        failed=raw["failed"],
        server_errors=raw["server_errors"],
        socket_errors=raw["socket_errors"],
        p50_ms=raw["p50"] / 1000,
        p95_ms=raw["p95"] / 1000,
        p99_ms=raw["p99"] / 1000,
        first_failure=why.strip(),
    )
