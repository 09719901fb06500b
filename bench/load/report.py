"""The suite's one table: every step at every concurrency, the ratios against the same run's baselines, the targets."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.load.collections_run import TARGET_SECONDS, CollectionsResult
from bench.load.operations import Step
from bench.load.orders_run import TARGET_LINES_PER_SECOND, OrdersResult
from bench.load.scale import CONNECTIONS, Scale
from bench.load.wrk import Measured


@dataclass(frozen=True)
class StepResult:
    step: Step
    measured: list[Measured]
    cpu_ms: dict[int, float] = field(default_factory=dict)
    """Workers' CPU milliseconds per request, by connections."""
    gc_max_ms: dict[int, float] = field(default_factory=dict)
    """The longest garbage-collection pause in the step (the collector's CPU time), by connections."""
    gc_max_wall_ms: dict[int, float] = field(default_factory=dict)
    """The same pause in wall time (with the moments other processes held the core), by connections."""

    def at(self, connections: int) -> Measured:
        return next(m for m in self.measured if m.connections == connections)

    @property
    def cpu_ms_per_request(self) -> float:
        """Over every concurrency of the step."""
        requests = sum(m.requests for m in self.measured)
        return sum(self.cpu_ms[m.connections] * m.requests for m in self.measured) / max(requests, 1)


@dataclass(frozen=True)
class RemittanceResult:
    lines: int
    seconds: float
    parse_seconds: float
    statements: int
    precision: float
    recall: float


@dataclass(frozen=True)
class Table:
    scale: Scale
    steps: list[StepResult]
    statements: dict[str, int]
    round_trips: dict[str, int]
    remittance: RemittanceResult | None
    measured_at: datetime
    minutes: float
    collections: CollectionsResult | None = None
    orders: OrdersResult | None = None
    postgres: str = ""
    notes: list[str] = field(default_factory=list)

    def step(self, key: str) -> StepResult | None:
        return next((s for s in self.steps if s.step.key == key), None)


def describe(result: StepResult, connections: int) -> str:
    m = result.at(connections)
    return (
        f"{m.per_second:7.1f} req/s  p50 {m.p50_ms:6.1f} ms  p95 {m.p95_ms:6.1f} ms  p99 {m.p99_ms:6.1f} ms  "
        f"CPU {result.cpu_ms[connections]:5.2f} ms/req  GC max {result.gc_max_ms[connections]:5.1f} ms "
        f"(wall {result.gc_max_wall_ms[connections]:5.1f})  "
        f"good {m.good}  429 {m.limited}  failed {m.failed} (5xx {m.server_errors})"
        + (f"\n      first failure: {m.first_failure}" if m.first_failure else "")
    )


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{memory_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "unknown memory"
    return f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {memory}"


def _verdict(held: bool) -> str:
    return "met" if held else "**missed**"


# (page, its floor) pairs measured against each other, and the most CPU per request each page may cost.
PAGES = (
    ("invoices_graphql", "invoices_floor", "portal invoice page", 3.0),
    ("queue", "queue_floor", "console queue", 4.0),
    ("search", "search_floor", "staff document search", 4.0),
)
FILING_CPU_MS = 10.0
P99_RATIO = 1.5
GC_PAUSE_MS = 20.0
LIST_ROUND_TRIPS = 6
WORKLIST_P95_MS = 100.0
REPORT_P95_MS = 200.0
"""Issue 19: each report page at full scale, one connection."""


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def targets(table: Table) -> list[str]:
    rows = []
    for page_key, floor_key, label, most in PAGES:
        page, floor = table.step(page_key), table.step(floor_key)
        if page is None or floor is None:
            continue
        ratio = _ratio(page.cpu_ms_per_request, floor.cpu_ms_per_request)
        rows.append(
            f"| {label}: CPU per request ÷ its floor route's | <= {most:.0f}x | {page.cpu_ms_per_request:.2f} ÷ "
            f"{floor.cpu_ms_per_request:.2f} ms = {ratio:.1f}x | {_verdict(ratio <= most)} |"
        )
    for page_key, floor_key, label, _ in PAGES[:2]:
        page, floor = table.step(page_key), table.step(floor_key)
        if page is None or floor is None:
            continue
        ratio = _ratio(page.at(32).p99_ms, floor.at(32).p99_ms)
        rows.append(
            f"| {label}: p99 at 32 connections ÷ its floor route's | <= {P99_RATIO}x | {page.at(32).p99_ms:.0f} ÷ "
            f"{floor.at(32).p99_ms:.0f} ms = {ratio:.1f}x | {_verdict(ratio <= P99_RATIO)} |"
        )
    if filing := table.step("filing"):
        rows.append(
            f"| dispute filing: CPU per request | <= {FILING_CPU_MS:.0f} ms | {filing.cpu_ms_per_request:.1f} ms | "
            f"{_verdict(filing.cpu_ms_per_request <= FILING_CPU_MS)} |"
        )
    if search := table.step("search"):
        rows += [
            f"| document search p95, one connection | < 50 ms | {search.at(1).p95_ms:.1f} ms | "
            f"{_verdict(search.at(1).p95_ms < 50)} |",
            f"| document search p95, 8 connections | < 250 ms | {search.at(8).p95_ms:.1f} ms | "
            f"{_verdict(search.at(8).p95_ms < 250)} |",
        ]
    longest = max((ms for s in table.steps for ms in s.gc_max_ms.values()), default=0.0)
    longest_wall = max((ms for s in table.steps for ms in s.gc_max_wall_ms.values()), default=0.0)
    rows.append(
        f"| longest garbage-collection pause in any worker during the run (collector CPU time; wall time with "
        f"pre-emption {longest_wall:.1f} ms) | <= {GC_PAUSE_MS:.0f} ms | {longest:.1f} ms | "
        f"{_verdict(longest <= GC_PAUSE_MS)} |"
    )
    for key, label in (("invoices_graphql", "portal invoice page"), ("queue", "console queue")):
        if key in table.round_trips:
            trips = table.round_trips[key]
            rows.append(
                f"| {label}: database round trips per request | <= {LIST_ROUND_TRIPS} | {trips} | "
                f"{_verdict(trips <= LIST_ROUND_TRIPS)} |"
            )
    if worklist := table.step("worklist"):
        rows.append(
            f"| collections worklist p95, one connection | < {WORKLIST_P95_MS:.0f} ms | {worklist.at(1).p95_ms:.1f} ms | "
            f"{_verdict(worklist.at(1).p95_ms < WORKLIST_P95_MS)} |"
        )
    for key, label in (("orders", "portal order list"), ("discrepancies", "discrepancy worklist")):
        if page := table.step(key):
            rows.append(
                f"| {label} p95, one connection | < {WORKLIST_P95_MS:.0f} ms | {page.at(1).p95_ms:.1f} ms | "
                f"{_verdict(page.at(1).p95_ms < WORKLIST_P95_MS)} |"
            )
    for key, label in (
        ("report", "receivables report"),
        ("report_trend", "receivables trend"),
        ("report_root_causes", "root-cause report"),
        ("report_deductions", "deductions report"),
    ):
        if page := table.step(key):
            rows.append(
                f"| {label} p95, one connection | < {REPORT_P95_MS:.0f} ms | {page.at(1).p95_ms:.1f} ms | "
                f"{_verdict(page.at(1).p95_ms < REPORT_P95_MS)} |"
            )
    if o := table.orders:
        rows += [
            f"| order and delivery import ({o.order_lines:,} order lines) | >= {TARGET_LINES_PER_SECOND:,} lines/s | "
            f"{o.lines_per_second:,.0f} lines/s | {_verdict(o.lines_per_second >= TARGET_LINES_PER_SECOND)} |",
            f"| discrepancies the data shows, found before any deduction (none false) | all, 0 false | "
            f"{o.found_true:,}/{o.true_discrepancies:,}, {o.found_false} false | "
            f"{_verdict(o.found_true == o.true_discrepancies and o.found_false == 0)} |",
            f"| valid shortage and pricing claims resolved by rule, no person | >= 50 % | "
            f"{o.valid_resolved_by_rule}/{o.valid_claims_filed} | "
            f"{_verdict(o.valid_resolved_by_rule * 2 >= o.valid_claims_filed > 0)} |",
            f"| invalid claims stopped or flagged before filing | >= 80 % | {o.invalid_stopped}/{o.invalid_checked} | "
            f"{_verdict(o.invalid_stopped * 5 >= o.invalid_checked * 4 > 0)} |",
        ]
    if c := table.collections:
        rows += [
            f"| daily dunning run over the whole book ({c.letters:,} letters, {c.items:,} items) | < "
            f"{TARGET_SECONDS:.0f} s | {c.run_seconds:.1f} s | {_verdict(c.run_seconds < TARGET_SECONDS)} |",
            f"| dunning: SQL statements per batch, the same for every batch | constant | "
            f"{sorted(set(c.full_batches))} over {c.batches} batches | {_verdict(c.constant_statements)} |",
        ]
    errors = sum(m.server_errors + m.socket_errors for s in table.steps for m in s.measured)
    rows.append(f"| server errors (5xx) and socket errors over every step | 0 | {errors} | {_verdict(errors == 0)} |")
    return rows


def render(table: Table) -> str:
    s = table.scale
    out = [
        f"Measured {table.measured_at:%Y-%m-%d %H:%M} UTC on {machine()}; {table.postgres}.",
        f"SCALE={s.name}: {s.customers:,} customers, {s.invoices:,} invoices ({2 * s.invoices:,} lines), "
        f"{s.deductions:,} deductions, {s.documents:,} documents. Server: {s.workers} uvicorn workers, production "
        f"settings, on loopback; load: wrk, {s.seconds} s per step after a 1 s warm-up; the whole run took "
        f"{table.minutes:.0f} min. CPU is the workers' user + system time (/proc) ÷ the step's requests; a floor "
        "route runs its page's recorded SQL over raw asyncpg in the same server (bench/load/floor.py).",
        "",
        "| operation | SQL / request | round trips | connections | req/s | p50 ms | p95 ms | p99 ms | CPU ms / request "
        "| longest GC pause ms | good | 429 | failed (5xx) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in table.steps:
        key = result.step.key
        for m in result.measured:
            out.append(
                f"| {result.step.label} | {table.statements.get(key, '-')} | {table.round_trips.get(key, '-')} | "
                f"{m.connections} | {m.per_second:.1f} | {m.p50_ms:.1f} | {m.p95_ms:.1f} | {m.p99_ms:.1f} | "
                f"{result.cpu_ms[m.connections]:.2f} | {result.gc_max_ms[m.connections]:.1f} | {m.good} | "
                f"{m.limited} | {m.failed} ({m.server_errors}) |"
            )
    out += ["", "Ratios against baselines measured in the same run:", "", "| figure | ratio |", "|---|---:|"]
    for page_key, floor_key, label, _ in PAGES:
        page, floor = table.step(page_key), table.step(floor_key)
        if page is None or floor is None:
            continue
        out.append(
            f"| {label}: CPU per request ({page.cpu_ms_per_request:.2f} ms) ÷ its floor route's "
            f"({floor.cpu_ms_per_request:.2f} ms) | {_ratio(page.cpu_ms_per_request, floor.cpu_ms_per_request):.1f}x |"
        )
        for connections in CONNECTIONS:
            out.append(
                f"| {label}: p99 at {connections} connection(s) ÷ its floor route's | "
                f"{_ratio(page.at(connections).p99_ms, floor.at(connections).p99_ms):.1f}x |"
            )
    for key, label in (
        ("worklist", "collections worklist"),
        ("orders", "portal order list"),
        ("discrepancies", "discrepancy worklist"),
    ):
        page, page_floor = table.step(key), table.step(f"{key}_floor")
        if page and page_floor:
            out.append(
                f"| {label}: CPU per request ({page.cpu_ms_per_request:.2f} ms) ÷ its floor route's "
                f"({page_floor.cpu_ms_per_request:.2f} ms) | "
                f"{_ratio(page.cpu_ms_per_request, page_floor.cpu_ms_per_request):.1f}x |"
            )
    if o := table.orders:
        out.append(
            f"| order import ({o.order_lines:,} lines: orders {o.orders_seconds:.1f} s, deliveries "
            f"{o.deliveries_seconds:.1f} s) ÷ the invoice feed of the same lines with order references "
            f"({o.invoices_seconds:.1f} s) | {_ratio(o.orders_seconds + o.deliveries_seconds, o.invoices_seconds):.1f}x |"
        )
    if c := table.collections:
        out.append(
            f"| daily dunning run ({c.run_seconds:.1f} s) ÷ reading its candidate rows over raw asyncpg "
            f"({c.floor_rows:,} rows, {c.floor_seconds:.1f} s); assessment of {c.accounts:,} accounts "
            f"{c.assess_seconds:.1f} s | {_ratio(c.run_seconds, c.floor_seconds):.1f}x |"
        )
    plain, floor = table.step("invoices_plain"), table.step("invoices_floor")
    if plain and floor:
        out.append(
            f"| plain Litestar JSON route over the ORM: CPU per request ÷ the invoice floor route's | "
            f"{_ratio(plain.cpu_ms_per_request, floor.cpu_ms_per_request):.1f}x |"
        )
    if r := table.remittance:
        out += [
            f"| remittance matching: {r.lines:,} lines in {r.seconds:.1f} s = {r.lines / r.seconds:,.0f} lines/s; "
            f"÷ parsing the same file alone ({r.lines / r.parse_seconds:,.0f} lines/s) | "
            f"{r.seconds / r.parse_seconds:.0f}x the parse time |",
            f"| remittance matching SQL statements per 1,000 lines ({r.statements:,} in all); precision "
            f"{r.precision:.2%}, recall {r.recall:.2%} | {r.statements * 1000 / r.lines:.1f} |",
        ]
    out += [
        "",
        "Targets (issues 13 and 16, at full scale on this 2-core machine; the 50-person mixed load's targets are "
        "`make reliability`'s):",
        "",
        "| target | wanted | measured | |",
        "|---|---|---|---|",
        *targets(table),
    ]
    return "\n".join(out)


def write(path: Path, table: Table, text: str) -> None:
    """Keep one section per scale in docs/benchmarks.md: this run replaces the earlier table of its scale."""
    marker = f"<!-- scale:{table.scale.name} -->"
    intro = (
        "# Benchmarks\n\n`make bench SCALE=small|full` regenerates this page's section for its scale "
        "(bench/load/). Every figure is measured on loopback by the run that wrote it; ratios compare "
        "against baselines measured in the same run. Never a CI gate.\n"
    )
    sections: dict[str, str] = {}
    if path.exists():
        current = None
        for line in path.read_text().splitlines(keepends=True):
            if line.startswith("<!-- scale:"):
                current = line.strip()
                sections[current] = ""
            elif current:
                sections[current] += line
    sections[marker] = f"## SCALE={table.scale.name}\n\n{text}\n"
    order = sorted(sections, key=lambda m: (m != "<!-- scale:full -->", m))
    path.write_text(intro + "".join(f"\n{m}\n{sections[m].strip()}\n" for m in order))
