"""How big the generated book is and how long each load step runs: ``SCALE=small`` for a laptop, ``full`` as issue 7 asks."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    customers: int
    invoices_per_customer: int
    deductions: int
    documents: int
    customer_users: int
    """Customers who sign in during the run (portal reads and dispute filing rotate over them)."""
    remittance_customers: int
    """Customers kept free of deductions, paid by the remittance-matching file."""
    remittance_lines: int
    seconds: int
    """How long each load step (one query at one concurrency) runs."""
    workers: int = 2
    orders: int = 2_000
    """Orders of five lines the orders run imports (with their deliveries and invoices)."""

    @property
    def invoices(self) -> int:
        return self.customers * self.invoices_per_customer


SCALES = {
    "small": Scale("small", 1_000, 50, 10_000, 5_000, 200, 100, 2_000, 5),
    "full": Scale("full", 10_000, 100, 200_000, 100_000, 300, 500, 10_000, 10, orders=20_000),
}
CONNECTIONS = (1, 8, 32)


def chosen_scale() -> Scale:
    """``SCALE`` (default small); ``BENCH_SECONDS`` and ``BENCH_WORKERS`` override the step length and app workers."""
    name = os.environ.get("SCALE", "small")
    if name not in SCALES:
        raise SystemExit(f"SCALE must be one of {', '.join(SCALES)}, not {name!r}")
    scale = SCALES[name]
    seconds = int(os.environ.get("BENCH_SECONDS", scale.seconds))
    workers = int(os.environ.get("BENCH_WORKERS", scale.workers))
    return Scale(**{**scale.__dict__, "seconds": seconds, "workers": workers})
