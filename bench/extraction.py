"""Text extraction speed: our sandboxed pypdf (a child process per file, with limits) against poppler's
``pdftotext`` on the same files in the same run, and pypdf in-process for what the sandbox costs.

Pages per second over ``BENCH_EXTRACT_FILES`` generated text PDFs of ``BENCH_EXTRACT_PAGES`` pages.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

from documents.pdf_sandbox import PdfSandbox

FILES = int(os.environ.get("BENCH_EXTRACT_FILES", "10"))
PAGES = int(os.environ.get("BENCH_EXTRACT_PAGES", "60"))
LINE = "Delivery note line {n}: 12 cartons of SKU-{n:05d} received at dock 4, signed by the driver, no exceptions."


def _make(path: Path, pages: int) -> None:
    document = FPDF()
    document.set_font("helvetica", size=10)
    for page in range(pages):
        document.add_page()
        for line in range(40):
            document.cell(0, 6, LINE.format(n=page * 40 + line), new_x="LMARGIN", new_y="NEXT")
    document.output(str(path))


def _in_process(files: list[Path]) -> float:
    from pypdf import PdfReader

    started = time.perf_counter()
    for file in files:
        reader = PdfReader(io.BytesIO(file.read_bytes()))
        for page in reader.pages:
            page.extract_text()
    return time.perf_counter() - started


def _sandboxed(files: list[Path]) -> float:
    sandbox = PdfSandbox(concurrency=1)

    async def all_files() -> None:
        for file in files:
            await sandbox.extract(file)

    started = time.perf_counter()
    asyncio.run(all_files())
    return time.perf_counter() - started


def _pdftotext(files: list[Path]) -> float:
    started = time.perf_counter()
    for file in files:
        subprocess.run(["pdftotext", "-q", str(file), "-"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def run() -> int:
    print(f"text extraction, {FILES} PDFs of {PAGES} pages ({FILES * PAGES:,} pages), one process at a time")
    with tempfile.TemporaryDirectory(prefix="recoup-bench-extract-") as folder:
        files = [Path(folder) / f"doc{n}.pdf" for n in range(FILES)]
        for file in files:
            _make(file, PAGES)
        pages = FILES * PAGES
        ours = _sandboxed(files)
        bare = _in_process(files)
        print(f"  pypdf in the sandbox (ours)   {pages / ours:8.0f} pages/s")
        print(f"  pypdf in-process              {pages / bare:8.0f} pages/s   (sandbox costs {ours / bare - 1:.0%})")
        if shutil.which("pdftotext"):
            poppler = _pdftotext(files)
            print(f"  poppler pdftotext (baseline)  {pages / poppler:8.0f} pages/s")
            print(f"  ours = {poppler / ours:.0%} of pdftotext's speed")
        else:
            print("  pdftotext not installed (apt-get install poppler-utils): no baseline this run")
    return 0
