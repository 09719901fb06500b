"""``python -m bench [invoices|search|extraction|upload|remittance|feed|cash|all]``: each benchmark prints its figures as ratios
against a baseline measured in the same run. ``make bench`` runs them all (PostgreSQL too, when the
harness can start it). Never a CI gate: wall-clock numbers vary by machine.
"""

from __future__ import annotations

import logging
import sys

from bench import cash_application, extraction, invoice_feed, invoice_page, remittance_parsing, search, upload_memory

BENCHMARKS = {
    "invoices": invoice_page.run,
    "search": search.run,
    "extraction": extraction.run,
    "upload": upload_memory.run,
    "remittance": remittance_parsing.run,
    "feed": invoice_feed.run,
    "cash": cash_application.run,
}


def main(argv: list[str]) -> int:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    chosen = argv or ["all"]
    names = list(BENCHMARKS) if chosen == ["all"] else chosen
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
