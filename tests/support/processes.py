"""Real Recoup processes for tests and benchmarks: app servers on free ports, job workers, their logs.

Each process runs ``python -m backend <command>`` from the project root in a session of its own,
with only the environment it is given (plus ``PATH``), so a developer's own ``RECOUP_*`` variables
never leak in. Its stdout and stderr go to one log file; logs are JSON by default
(``RECOUP_LOG_FORMAT=json``) so a test can read them back with :meth:`RecoupProcess.log_records`.

    server = start_app({"RECOUP_DATABASE_URL": url, ...}, log_dir=tmp_path, workers=2)
    httpx.get(server.url("/ready"))
    exit_code = server.stop()          # SIGTERM, as systemd or docker stop would send
    server.log_records()               # every JSON line it wrote

:func:`start_app` returns once ``/ready`` (or the ``ready_path`` given) answers 200, and fails with
the log's tail if the process exits or does not get there in time; :func:`start_worker` returns once
the worker says it is working. Always stop what you start (``with`` does it, or ``stop``/``kill`` in
a ``finally``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from backend.settings import PROJECT_ROOT

START_SECONDS = 60.0
STOP_SECONDS = 30.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ProcessFailed(AssertionError):
    """The process exited, or did not become ready in time; the message has the end of its log."""


class RecoupProcess:
    """One ``python -m backend`` process and its log file."""

    def __init__(self, name: str, popen: subprocess.Popen[bytes], log_path: Path, base_url: str | None) -> None:
        self.name = name
        self.popen = popen
        self.log_path = log_path
        self.base_url = base_url

    @property
    def pid(self) -> int:
        return self.popen.pid

    def url(self, path: str = "/") -> str:
        """``http://127.0.0.1:PORT`` + ``path`` (app servers only)."""
        assert self.base_url is not None, f"{self.name} is not an app server"
        return self.base_url + path

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_records(self) -> list[dict[str, Any]]:
        """Every line of the log that is a JSON object, parsed (other lines are left out)."""
        records = []
        for line in self.log_text().splitlines():
            if line.startswith("{"):
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError:
                    continue
        return records

    def is_running(self) -> bool:
        return self.popen.poll() is None

    def fail(self, why: str) -> ProcessFailed:
        tail = "\n".join(self.log_text().splitlines()[-40:])
        return ProcessFailed(f"{self.name} (pid {self.pid}) {why}; its log ends:\n{tail}")

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = START_SECONDS) -> None:
        """Poll ``condition`` until it holds; raise :class:`ProcessFailed` if the process exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if not self.is_running():
                raise self.fail(f"exited with {self.popen.returncode} before {what}")
            time.sleep(0.1)
        raise self.fail(f"did not get to {what} within {timeout:.0f} s")

    def wait_for_log(
        self, predicate: Callable[[dict[str, Any]], bool], what: str, timeout: float = START_SECONDS
    ) -> None:
        """Wait until a JSON log record matches ``predicate``."""
        self.wait_for(lambda: any(predicate(record) for record in self.log_records()), what, timeout)

    def signal(self, signum: int = signal.SIGTERM) -> None:
        """Send a signal to the main process only (as systemd's ``KillMode=mixed`` and ``docker stop`` do)."""
        if self.is_running():
            self.popen.send_signal(signum)

    def stop(self, timeout: float = STOP_SECONDS) -> int:
        """SIGTERM, then wait for the process to exit; its exit code. Killed (and :class:`ProcessFailed`) if it hangs.

        A single uvicorn process that shut down gracefully ends by re-raising the SIGTERM it caught, so
        ``-15`` is its clean exit (systemd counts it as one too); see :func:`exited_cleanly`."""
        self.signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise self.fail(f"did not exit within {timeout:.0f} s of SIGTERM") from None

    def kill(self) -> None:
        """SIGKILL the whole process group (the supervisor and its workers); for clean-up after a failure."""
        if self.popen.poll() is None or _group_alive(self.pid):
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def __enter__(self) -> RecoupProcess:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.is_running():
            try:
                self.stop()
            except ProcessFailed:
                pass
        self.kill()


def exited_cleanly(code: int | None) -> bool:
    """0, or death by the SIGTERM the process had caught and re-raised after its graceful shutdown (uvicorn)."""
    return code in {0, -signal.SIGTERM}


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def process_env(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` on top of a bare environment: ``PATH``, JSON logs, no demo seeding, development mode."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "RECOUP_LOG_FORMAT": "json",
        "RECOUP_SEED_DEMO": "false",
        "RECOUP_ENV": "development",
    }
    return {**base, **env}


def launch(
    command: str, env: Mapping[str, str], *, log_dir: Path, name: str, base_url: str | None = None
) -> RecoupProcess:
    """Start ``python -m backend <command>`` without waiting for anything."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    with log_path.open("wb") as log_file:
        popen = subprocess.Popen(
            [sys.executable, "-m", "backend", command],
            cwd=PROJECT_ROOT,
            env=process_env(env),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return RecoupProcess(name, popen, log_path, base_url)


def answers(url: str, status: int = 200) -> bool:
    """Whether ``url`` answers ``status`` right now."""
    try:
        return httpx.get(url, timeout=2).status_code == status
    except httpx.HTTPError:
        return False


def start_app(
    env: Mapping[str, str],
    *,
    log_dir: Path,
    workers: int = 1,
    port: int | None = None,
    name: str = "app",
    command: str = "serve",
    ready_path: str = "/ready",
    timeout: float = START_SECONDS,
) -> RecoupProcess:
    """An app server (``serve`` with ``workers`` processes; or ``run``) on ``port`` (default: a free one),
    returned once ``ready_path`` answers 200. ``env`` needs at least ``RECOUP_DATABASE_URL``."""
    port = port or free_port()
    server_env = {"PORT": str(port), "RECOUP_HOST": "127.0.0.1", "RECOUP_WORKERS": str(workers), **env}
    server = launch(command, server_env, log_dir=log_dir, name=name, base_url=f"http://127.0.0.1:{port}")
    try:
        server.wait_for(lambda: answers(server.url(ready_path)), f"answering {ready_path} with 200", timeout)
    except BaseException:
        server.kill()
        raise
    return server


def start_worker(
    env: Mapping[str, str], *, log_dir: Path, name: str = "worker", timeout: float = START_SECONDS
) -> RecoupProcess:
    """A job worker (``python -m backend worker``), returned once it is taking jobs.

    With ``RECOUP_JOBS=queue`` that is procrastinate's ``start_worker`` log record (it has registered and
    listens for jobs); with the in-process runner, the worker's own start line.
    """
    worker = launch("worker", env, log_dir=log_dir, name=name)
    queue = env.get("RECOUP_JOBS", "queue" if env.get("RECOUP_DATABASE_URL", "").startswith("postgresql") else "")

    def started(record: dict[str, Any]) -> bool:
        if queue == "queue":
            return bool(record.get("action") == "start_worker")
        return bool(record.get("event") == "worker started")

    try:
        worker.wait_for_log(started, "taking jobs", timeout)
    except BaseException:
        worker.kill()
        raise
    return worker
