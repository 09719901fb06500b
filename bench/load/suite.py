"""``make bench``: generate the book into PostgreSQL, serve it with several workers, drive it on loopback, print one table.

Every figure is a ratio against a baseline measured in the same run: the GraphQL invoice page
against the plain JSON route serving the same rows and against the raw SQL floor; remittance
matching against parsing the same file. Targets are checked and the table says which are missed.
The table is also written to ``docs/benchmarks.md`` with the date and the machine.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx
from sqlalchemy import select

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.domain.accounts.models import User
from backend.domain.auth.service import open_session
from backend.settings import PROJECT_ROOT, load_settings
from backend.web.identity import CSRF_COOKIE, session_policy
from bench.book import match_quality, parse_only, remittance_file, run_remittance
from bench.load import report, statements, wrk
from bench.load.dataset import Dataset, generate
from bench.load.operations import steps as build_steps
from bench.load.scale import CONNECTIONS, Scale, chosen_scale
from bench.load.server import create, running_server, server_environment
from documents.storage import LocalDirectoryStore


async def _sign_in(url: str, dataset: Dataset) -> tuple[dict[str, str], list[str]]:
    """Sessions opened by the code sign-in uses (no password hashing per user: that is login's cost, not the page's)."""
    engine = make_engine(url)
    policy = session_policy(load_settings())
    now = datetime.now(UTC)
    try:
        async with system_session(make_sessionmaker(engine)) as db:
            users = {u.id: u for u in (await db.execute(select(User))).scalars()}
            staff = {
                role: open_session(db, user=users[uid], now=now, policy=policy) for role, uid in dataset.staff.items()
            }
            customers = [open_session(db, user=users[uid], now=now, policy=policy) for uid, _ in dataset.customer_users]
            await db.commit()
    finally:
        await engine.dispose()
    return staff, customers


async def _in_process(
    url: str, env: dict[str, str], all_steps: list[report.StepResult], csrf: str
) -> dict[str, object]:
    """Statements per request, the raw SQL floor of the invoice page, on an app built in this process."""
    saved = dict(os.environ)
    os.environ.update({**env, "RECOUP_LOG_LEVEL": "WARNING"})  # this process prints the table, not access lines
    try:
        app = create()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        counts = await statements.per_request(app, [s.step for s in all_steps], csrf)
        page = next(s.step for s in all_steps if s.step.key == "invoices_graphql")
        floor = await statements.floor_ms(url, await statements.captured(app, page.requests[0], csrf))
    finally:
        await app.state.engine.dispose()
    return {"counts": counts, "floor_ms": floor}


async def _remittance(url: str, dataset: Dataset, scale: Scale) -> report.RemittanceResult:
    book = dataset.book
    content, truth = remittance_file(book, scale.remittance_lines, book.customers - scale.remittance_customers, seed=3)
    engine = make_engine(url)
    try:
        sessions = make_sessionmaker(engine)
        with tempfile.TemporaryDirectory(prefix="recoup-bench-remittance-") as folder:
            with statements.recording(engine) as seen:
                elapsed, job_id = await run_remittance(sessions, LocalDirectoryStore(Path(folder)), content, "load.csv")
        precision, recall, _ = await match_quality(sessions, job_id, truth)
    finally:
        await engine.dispose()
    return report.RemittanceResult(
        lines=len(truth),
        seconds=elapsed,
        parse_seconds=parse_only(content),
        statements=len(seen),
        precision=precision,
        recall=recall,
    )


async def _server_version(url: str) -> str:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return "PostgreSQL " + str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


def _csrf_token(base: str) -> str:
    response = httpx.get(f"{base}/portal/", timeout=10)
    token = response.cookies.get(CSRF_COOKIE)
    if not token:
        raise SystemExit(f"the server set no {CSRF_COOKIE} cookie on GET /portal/")
    return token


def run() -> int:
    url = os.environ.get("RECOUP_BENCH_POSTGRES_URL")
    if not url:
        print(
            "make bench needs PostgreSQL: run it as root (it starts a throwaway cluster) or set RECOUP_BENCH_POSTGRES_URL"
        )
        return 2
    if not wrk.available():
        print("make bench needs wrk (Debian package wrk); run it as root once or apt-get install wrk")
        return 2
    logging.getLogger("httpx").setLevel(logging.WARNING)
    scale = chosen_scale()
    started = time.perf_counter()
    print(
        f"load suite, SCALE={scale.name}: {scale.customers:,} customers, {scale.invoices:,} invoices, "
        f"{scale.deductions:,} deductions, {scale.documents:,} documents; {scale.workers} app workers; "
        f"{scale.seconds} s per step at {', '.join(map(str, CONNECTIONS))} connections"
    )
    dataset = asyncio.run(generate(url, scale))
    staff_tokens, customer_tokens = asyncio.run(_sign_in(url, dataset))
    results: list[report.StepResult] = []
    with tempfile.TemporaryDirectory(prefix="recoup-bench-load-") as folder:
        env = server_environment(url, Path(folder))
        log = PROJECT_ROOT / ".bench-results" / "load-server.log"
        log.parent.mkdir(exist_ok=True)
        with running_server(env, scale.workers, log) as base:
            csrf = _csrf_token(base)
            for step in build_steps(dataset, staff_tokens, customer_tokens, csrf):
                measured = []
                for connections in CONNECTIONS:
                    wrk.drive(
                        base, wrk.script(step.requests, csrf, step.success_marker), connections=connections, seconds=1
                    )
                    measured.append(
                        wrk.drive(
                            base,
                            wrk.script(step.requests, csrf, step.success_marker),
                            connections=connections,
                            seconds=scale.seconds,
                        )
                    )
                    print(f"  {step.key:18} {connections:>2} connections: {report.describe(measured[-1])}")
                results.append(report.StepResult(step, measured))
        in_process = asyncio.run(_in_process(url, env, results, csrf))
    remittance = asyncio.run(_remittance(url, dataset, scale))
    table = report.Table(
        scale=scale,
        steps=results,
        statements=in_process["counts"],  # type: ignore[arg-type]
        floor_ms=in_process["floor_ms"],  # type: ignore[arg-type]
        remittance=remittance,
        measured_at=datetime.now(UTC),
        minutes=(time.perf_counter() - started) / 60,
        postgres=asyncio.run(_server_version(url)),
    )
    text = report.render(table)
    print(text)
    report.write(PROJECT_ROOT / "docs" / "benchmarks.md", table, text)
    print(f"written to docs/benchmarks.md ({timedelta(seconds=round(time.perf_counter() - started))})")
    return 0
