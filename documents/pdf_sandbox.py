"""PDFs are parsed outside the request worker: one short-lived child process per file, with limits.

The child (``documents.pdf_worker``) caps its memory and CPU time itself; the parent
adds a wall-clock limit and kills the child's whole process group when it is reached.
A crafted file can cost at most those limits and never the server. At most
``concurrency`` children run at once per process.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path


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


class PdfSandbox:
    def __init__(self, limits: PdfLimits | None = None, *, concurrency: int = 2) -> None:
        self.limits = limits or PdfLimits()
        self.concurrency = concurrency
        self._slots: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    def _slot(self) -> asyncio.Semaphore:
        # One semaphore per event loop: an asyncio primitive belongs to the loop that first waits on it.
        loop = asyncio.get_running_loop()
        if loop not in self._slots:
            self._slots = {known: slot for known, slot in self._slots.items() if not known.is_closed()}
            self._slots[loop] = asyncio.Semaphore(self.concurrency)
        return self._slots[loop]

    async def inspect(self, path: Path) -> PdfReading:
        """Check a PDF before it is accepted: opens, not encrypted, has pages, its first pages parse."""
        return await self._run("inspect", path)

    async def extract(self, path: Path) -> PdfReading:
        """Every page's text (bounded), for the search index."""
        return await self._run("extract", path)

    async def _run(self, mode: str, path: Path) -> PdfReading:
        limits = self.limits
        async with self._slot():
            child = await asyncio.create_subprocess_exec(
                sys.executable,
                "-I",  # isolated: no environment variables, no user site, no current directory on the path
                str(WORKER),
                mode,
                str(path),
                str(limits.memory_mb),
                str(limits.cpu_seconds),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                start_new_session=True,
                env={"PATH": os.environ.get("PATH", "")},
            )
            try:
                out, _ = await asyncio.wait_for(child.communicate(), timeout=limits.wall_seconds)
            except TimeoutError as error:
                _kill(child.pid)
                await child.wait()
                raise PdfRejected("too_slow", _TOO_COMPLEX) from error
            except asyncio.CancelledError:
                _kill(child.pid)
                raise
        if child.returncode != 0:
            raise PdfRejected("too_complex", _TOO_COMPLEX)
        try:
            result = json.loads(out)
        except ValueError as error:
            raise PdfRejected("too_complex", _TOO_COMPLEX) from error
        if not result.get("ok"):
            raise PdfRejected(str(result.get("reason", "damaged")), str(result.get("message", _TOO_COMPLEX)))
        return PdfReading(pages=int(result["pages"]), text=str(result.get("text", "")))


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
