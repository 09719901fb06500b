"""The suite's one table: every step at every concurrency, the ratios against the same run's baselines, the targets."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.load.operations import Step
from bench.load.scale import Scale
from bench.load.wrk import Measured


@dataclass(frozen=True)
class StepResult:
    step: Step
    measured: list[Measured]

    def at(self, connections: int) -> Measured:
        return next(m for m in self.measured if m.connections == connections)


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
    floor_ms: float
    remittance: RemittanceResult
    measured_at: datetime
    minutes: float
    postgres: str = ""
    notes: list[str] = field(default_factory=list)


def describe(m: Measured) -> str:
    return (
        f"{m.per_second:7.1f} req/s  p50 {m.p50_ms:6.1f} ms  p95 {m.p95_ms:6.1f} ms  p99 {m.p99_ms:6.1f} ms  "
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


def targets(table: Table) -> list[str]:
    steps = {s.step.key: s for s in table.steps}
    graphql, plain, search = steps["invoices_graphql"], steps["invoices_plain"], steps["search"]
    ratio = graphql.at(32).per_second / max(plain.at(32).per_second, 0.001)
    p99 = graphql.at(32).p99_ms
    search_p95 = search.at(1).p95_ms
    errors = sum(m.server_errors + m.socket_errors for s in table.steps for m in s.measured)
    return [
        f"| GraphQL invoice page throughput, share of the plain JSON route (32 connections) | >= 60 % | "
        f"{ratio:.0%} | {_verdict(ratio >= 0.60)} |",
        f"| GraphQL invoice page p99 at 32 connections | < 100 ms | {p99:.1f} ms | {_verdict(p99 < 100)} |",
        f"| document search p95 (one connection) | < 50 ms | {search_p95:.1f} ms | {_verdict(search_p95 < 50)} |",
        f"| document search p95 at 8 / 32 connections | (not a target) | {search.at(8).p95_ms:.1f} / "
        f"{search.at(32).p95_ms:.1f} ms | - |",
        f"| server errors (5xx) and socket errors over every step | 0 | {errors} | {_verdict(errors == 0)} |",
    ]


def render(table: Table) -> str:
    s = table.scale
    steps = {r.step.key: r for r in table.steps}
    graphql, plain = steps["invoices_graphql"], steps["invoices_plain"]
    out = [
        f"Measured {table.measured_at:%Y-%m-%d %H:%M} UTC on {machine()}; {table.postgres}.",
        f"SCALE={s.name}: {s.customers:,} customers, {s.invoices:,} invoices ({2 * s.invoices:,} lines), "
        f"{s.deductions:,} deductions, {s.documents:,} documents. Server: {s.workers} uvicorn workers, production "
        f"settings, on loopback; load: wrk, {s.seconds} s per step after a 1 s warm-up; the whole run took "
        f"{table.minutes:.0f} min.",
        "",
        "| operation | SQL / request | connections | req/s | p50 ms | p95 ms | p99 ms | good | 429 | failed (5xx) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in table.steps:
        for m in result.measured:
            out.append(
                f"| {result.step.label} | {table.statements.get(result.step.key, '?')} | {m.connections} | "
                f"{m.per_second:.1f} | {m.p50_ms:.1f} | {m.p95_ms:.1f} | {m.p99_ms:.1f} | {m.good} | {m.limited} | "
                f"{m.failed} ({m.server_errors}) |"
            )
    r = table.remittance
    out += [
        "",
        "Ratios against baselines measured in the same run:",
        "",
        "| figure | ratio |",
        "|---|---:|",
    ]
    for connections in (1, 8, 32):
        share = graphql.at(connections).per_second / max(plain.at(connections).per_second, 0.001)
        out.append(
            f"| GraphQL invoice page req/s ÷ plain JSON route req/s, {connections} connection(s) | {share:.0%} |"
        )
    out += [
        f"| GraphQL invoice page p50 (1 connection, {graphql.at(1).p50_ms:.1f} ms) ÷ raw SQL floor "
        f"({table.floor_ms:.2f} ms: the page's {table.statements.get('invoices_graphql', '?')} statements replayed "
        f"on a bare asyncpg connection) | {graphql.at(1).p50_ms / max(table.floor_ms, 0.001):.1f}x |",
        f"| plain route p50 (1 connection, {plain.at(1).p50_ms:.1f} ms) ÷ raw SQL floor | "
        f"{plain.at(1).p50_ms / max(table.floor_ms, 0.001):.1f}x |",
        f"| remittance matching: {r.lines:,} lines in {r.seconds:.1f} s = {r.lines / r.seconds:,.0f} lines/s; "
        f"÷ parsing the same file alone ({r.lines / r.parse_seconds:,.0f} lines/s) | {r.seconds / r.parse_seconds:.0f}x "
        f"the parse time |",
        f"| remittance matching SQL statements per 1,000 lines ({r.statements:,} in all); precision {r.precision:.2%}, "
        f"recall {r.recall:.2%} | {r.statements * 1000 / r.lines:.1f} |",
        "",
        "Targets (issue 7, at full scale on this 2-core machine):",
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
