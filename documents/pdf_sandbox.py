"""PDFs are parsed outside the request worker: one short-lived, limited reader process per file.

Each reader is forked by a long-lived ``documents/pdf_worker.py serve`` process (isolated interpreter, empty
environment, own session) that imported pypdf once, so a file no longer pays ~100 ms of CPU for a new
interpreter and pypdf's import. The reader caps its own memory and CPU time and has a session of its own; the
parent adds a wall-clock limit and kills the reader's whole process group when it is reached. A crafted file
can cost at most those limits and never the server. At most ``concurrency`` readers run at once per process,
each through its own server.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class PdfRejected(ValueError):
    """The PDF cannot be accepted; ``reason`` for machines, the message for people."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class PdfLimits:
    memory_mb: int = 512
    cpu_seconds: int = 20
    wall_seconds: float = 30.0


@dataclass(frozen=True)
class PdfReading:
    pages: int
    text: str


WORKER = Path(__file__).resolve().parent / "pdf_worker.py"
_TOO_COMPLEX = "This PDF is too complex to read safely. Save a simpler copy (for example, print it to PDF) and retry."


_ANSWER_LIMIT = 64 * 1024 * 1024  # one answer line: up to the reader's 5,000,000 characters of text, JSON-escaped


class _Server:
    """One ``pdf_worker.py serve`` process: imports pypdf once and forks a fresh, limited reader per file."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls) -> _Server:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-I",  # isolated: no environment variables, no user site, no current directory on the path
            str(WORKER),
            "serve",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            start_new_session=True,
            env={"PATH": os.environ.get("PATH", "")},
            limit=_ANSWER_LIMIT,
        )
        return cls(process)

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await self.process.stdout.readline()
        if not line:
            raise ConnectionError("the PDF reader server stopped")
        answer: dict[str, Any] = json.loads(line)
        return answer

    async def read(self, mode: str, path: Path, limits: PdfLimits) -> dict[str, Any]:
        """The reader's exit code and result; at the wall-clock limit its session is killed and PdfRejected raised."""
        assert self.process.stdin is not None
        request = {"mode": mode, "path": str(path), "memory_mb": limits.memory_mb, "cpu_seconds": limits.cpu_seconds}
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        await self.process.stdin.drain()
        reader = int((await self._answer())["pid"])
        try:
            return await asyncio.wait_for(self._answer(), timeout=limits.wall_seconds)
        except TimeoutError as error:
            _kill(reader)
            await self._answer()  # the server reports the killed reader; the protocol stays in step
            raise PdfRejected("too_slow", _TOO_COMPLEX) from error
        except asyncio.CancelledError:
            _kill(reader)
            self.stop()  # its answer would arrive for nobody: this server is done
            raise

    def stop(self) -> None:
        if self.alive:
            _kill(self.process.pid)


class PdfSandbox:
    def __init__(self, limits: PdfLimits | None = None, *, concurrency: int = 2) -> None:
        self.limits = limits or PdfLimits()
        self.concurrency = concurrency
        self._slots: dict[asyncio.AbstractEventLoop, tuple[asyncio.Semaphore, list[_Server]]] = {}

    def _slot(self) -> tuple[asyncio.Semaphore, list[_Server]]:
        # Per event loop: an asyncio primitive (and a subprocess's pipes) belong to the loop that made them.
        loop = asyncio.get_running_loop()
        if loop not in self._slots:
            for known in [known for known in self._slots if known.is_closed()]:
                for server in self._slots.pop(known)[1]:
                    server.stop()
            self._slots[loop] = (asyncio.Semaphore(self.concurrency), [])
        return self._slots[loop]

    async def inspect(self, path: Path) -> PdfReading:
        """Check a PDF before it is accepted: opens, not encrypted, has pages, its first pages parse."""
        return await self._run("inspect", path)

    async def extract(self, path: Path) -> PdfReading:
        """Every page's text (bounded), for the search index."""
        return await self._run("extract", path)

    async def _run(self, mode: str, path: Path) -> PdfReading:
        semaphore, idle = self._slot()
        async with semaphore:
            server = idle.pop() if idle else await _Server.start()
            try:
                answer = await server.read(mode, path, self.limits)
            except PdfRejected:  # too slow: the reader was killed, its server goes on
                idle.append(server)
                raise
            except (ConnectionError, ValueError, KeyError) as error:  # the server died: the next file gets a new one
                server.stop()
                raise PdfRejected("too_complex", _TOO_COMPLEX) from error
            if server.alive:
                idle.append(server)
        if answer.get("exit") != 0:
            raise PdfRejected("too_complex", _TOO_COMPLEX)
        result = answer.get("result") or {}
        if not result.get("ok"):
            raise PdfRejected(str(result.get("reason", "damaged")), str(result.get("message", _TOO_COMPLEX)))
        return PdfReading(pages=int(result["pages"]), text=str(result.get("text", "")))

    def close(self) -> None:
        """Stop every reader server (they also stop by themselves when their parent goes away)."""
        for _, servers in self._slots.values():
            for server in servers:
                server.stop()
        self._slots.clear()


def _kill(pid: int) -> None:
    """Kill ``pid`` and its session (a reader may not have left for its own session yet)."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
