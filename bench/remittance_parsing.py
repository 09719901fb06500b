"""Parsing speed and memory of each remittance format, against the lockbox CSV of the same remittance.

The same remittance (``BENCH_REMITTANCE_LINES`` lines, default 100,000: payments of four invoices,
fifty payments a day, one short pay in five) is written in every format to a file; each file is
parsed in a fresh process that reads it from disk, so the peak RSS (VmHWM) growth is the parser's
own. The import must reach 20,000 lines/s end to end, so each parser should do many times that.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from tests.support.remittance_files import FORMATS, Row, write

LINES = int(os.environ.get("BENCH_REMITTANCE_LINES", "100000"))


def _rows(lines: int) -> list[Row]:
    rows = []
    for index in range(lines):
        payment = index // 4
        short = Decimal("12.50") if index % 5 == 0 else Decimal("0.00")
        rows.append(
            Row(
                f"PAY-{payment:07d}",
                date(2026, 1, 1) + timedelta(days=payment // 50),
                f"C-{1000 + payment % 700}",
                f"Customer {payment % 700} Ltd",
                f"INV-{index:08d}",
                Decimal("100.00") - short,
                short,
                "x12" if short else "",
                "04" if short else "",
                "two cases damaged" if short else "",
                "EUR",
            )
        )
    return rows


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _parse(fmt: str, path: str, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from backend.domain.cash.formats import FORMATS as PARSERS
    from backend.domain.cash.remittance import RemittanceLine

    before = _status_kb("VmRSS")
    started = time.perf_counter()
    good = bad = 0
    with open(path, "rb") as stream:
        for result in PARSERS[fmt](stream):
            if isinstance(result, RemittanceLine):
                good += 1
            else:
                bad += 1
    took = time.perf_counter() - started
    results.put((good, bad, took, (_status_kb("VmHWM") - before) / 1024))


def run() -> int:
    rows = _rows(LINES)
    figures = {}
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="recoup-bench-remittance-") as folder:
        for fmt in FORMATS:
            path = Path(folder) / fmt
            path.write_bytes(write(fmt, rows))
            queue = context.Queue()
            child = context.Process(target=_parse, args=(fmt, str(path), queue))
            child.start()
            good, bad, took, growth = queue.get(timeout=600)
            child.join()
            figures[fmt] = (good, bad, took, growth, path.stat().st_size / 1e6)
    baseline = figures["lockbox_csv"][0] / figures["lockbox_csv"][2]
    print(f"parsing {LINES:,} remittance lines per format (one process each, file on disk)")
    status = 0
    for fmt, (good, bad, took, growth, size) in figures.items():
        rate = good / took
        print(
            f"  {fmt:<12} {size:6.1f} MB  {rate:>9,.0f} lines/s ({rate / baseline:.2f}x lockbox CSV)  "
            f"peak RSS growth {growth:5.1f} MB  ({good:,} lines, {bad} errors)"
        )
        if good != LINES or bad:
            status = 1
    return status
