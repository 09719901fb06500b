"""``python -m bench [load|search|extraction|upload|remittance|feed|cash|all]``: each benchmark prints its
figures as ratios against a baseline measured in the same run. ``make bench`` runs ``load`` (the suite: a generated
book in PostgreSQL served by several workers and driven by wrk, ``SCALE=small|full``, written to docs/benchmarks.md);
``make bench BENCH=all`` runs every other one; ``reports`` measures the report pages alone on a kept book. Never a CI gate: wall-clock numbers vary by machine.
"""

from __future__ import annotations

import logging
import sys

from bench import cash_application, extraction, invoice_feed, remittance_parsing, search, upload_memory
from bench.load import report_pages, suite

BENCHMARKS = {
    "load": suite.run,
    "search": search.run,
    "extraction": extraction.run,
    "upload": upload_memory.run,
    "remittance": remittance_parsing.run,
    "feed": invoice_feed.run,
    "cash": cash_application.run,
    "reports": report_pages.run,
}


def main(argv: list[str]) -> int:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    chosen = argv or ["load"]
    names = [name for name in BENCHMARKS if name not in ("load", "reports")] if chosen == ["all"] else chosen
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)} or all")
        return 2
    status = 0
    for name in names:
        print(f"\n=== {name}")
        status |= BENCHMARKS[name]()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
