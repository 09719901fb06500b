"""Processes the fault-injection tests own, so they can kill them: an S3 emulator and job workers.

The shared emulator (``RECOUP_TEST_S3_ENDPOINT``) and the live server's worker are other tests'
to rely on; these are started on free loopback ports, killed with SIGKILL (a crash, not a
clean shutdown) and started again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process and everything it started (each runs in a session of its own)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class MotoServer:
    """moto's S3 server on one port, which a test kills and starts again (its memory does not survive), or pauses."""

    def __init__(self, log: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.endpoint}/moto-api/", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError(f"moto did not start on port {self.port}: see {self.log}")

    def kill(self) -> None:
        if self.process is not None:
            _kill(self.process)
            self.process = None

    def pause(self) -> None:
        """SIGSTOP: connections are still accepted (by the kernel) and never answered, as a hung store does."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGCONT)


class Worker:
    """``python -m backend worker`` with the given environment (on top of PATH), its output in ``log``."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "backend", "worker"],
                cwd=PROJECT_ROOT,
                env={"PATH": os.environ["PATH"], **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        _kill(self.process)

    def stop(self) -> None:
        """SIGTERM (the worker finishes its running jobs), then SIGKILL if it takes too long."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _kill(self.process)
