"""``make bench``: generate the book into PostgreSQL, serve it with several workers, drive it on loopback, print one table.

Every figure is a ratio against a baseline measured in the same run: each page (portal invoice list,
console queue, document search) against its floor route (the page's own SQL over the raw driver,
through the same server and middleware: ``bench.load.floor``), by CPU per request (the workers'
``/proc`` time ÷ requests) and by p99; remittance matching against parsing the same file. The
workers log their garbage-collection pauses; round trips to the database are counted in-process.
Targets are checked and the table says which are missed. The table is also written to
``docs/benchmarks.md`` with the date and the machine.

For working on one lever: ``BENCH_STEPS=invoices_graphql,queue`` measures only those pages (and
their floors, unless ``BENCH_FLOORS=0``), ``RECOUP_BENCH_PROFILE_DIR`` profiles each worker on its CPU clock,
and ``BENCH_COLLECTIONS=0`` skips the daily collections run (assessment and dunning over the whole book),
``BENCH_ORDERS=0`` skips the orders run (orders, deliveries and invoices with known truth through the feeds), and
``BENCH_KEEP_BOOK=1`` with a ``RECOUP_BENCH_POSTGRES_URL`` of your own keeps the
generated book (and what the suite needs to know about it, in ``.bench-results/``) for the next run.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import pickle
import shutil
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
from backend.migrations import upgrade_to_head
from backend.settings import PROJECT_ROOT, load_settings
from backend.web.identity import CSRF_COOKIE, session_policy
from bench.book import match_quality, parse_only, remittance_file, run_remittance
from bench.load import collections_run, floor, orders_run, process_stats, report, reports_run, statements, wrk
from bench.load.dataset import Dataset, generate
from bench.load.operations import Step, floor_step
from bench.load.operations import steps as build_steps
from bench.load.scale import CONNECTIONS, Scale, chosen_scale
from bench.load.server import create, running_server, server_environment
from documents.storage import LocalDirectoryStore

FLOOR_PAGES = ("invoices_graphql", "queue", "search", "worklist", "orders", "discrepancies")
"""The pages measured against a floor route of their own SQL."""


async def _sign_in(url: str, dataset: Dataset) -> tuple[dict[str, str], list[str]]:
    """Sessions opened by the code sign-in uses (no password hashing per user: that is login's cost, not the page's)."""
    engine = make_engine(url)
    policy = session_policy(load_settings())
    now = datetime.now(UTC)
    try:
        async with system_session(make_sessionmaker(engine)) as db:
            users = {u.id: u for u in (await db.execute(select(User))).scalars()}
            staff = {
                role: await open_session(db, user=users[uid], now=now, policy=policy)
                for role, uid in dataset.staff.items()
            }
            customers = [
                await open_session(db, user=users[uid], now=now, policy=policy) for uid, _ in dataset.customer_users
            ]
            await db.commit()
    finally:
        await engine.dispose()
    return staff, customers


async def _in_process(env: dict[str, str], steps: list[Step], csrf: str) -> statements.InProcess:
    """Statements and round trips per request, and each page's SQL for its floor route, on an app built here."""
    saved = dict(os.environ)
    # This process prints the table, not access lines; and it records what a page costs when it is not kept.
    os.environ.update({**env, "RECOUP_LOG_LEVEL": "WARNING", "RECOUP_RESPONSE_CACHE_MB": "0"})
    try:
        app = create()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        return await statements.in_process(app, steps, csrf, floor_pages=FLOOR_PAGES)
    finally:
        await app.state.engine.dispose()


async def _remittance(url: str, dataset: Dataset, scale: Scale) -> report.RemittanceResult:
    book = dataset.book
    content, truth = remittance_file(book, scale.remittance_lines, book.customers - scale.remittance_customers, seed=3)
    engine = make_engine(url)
    try:
        sessions = make_sessionmaker(engine)
        with tempfile.TemporaryDirectory(prefix="recoup-bench-remittance-") as folder:
            with statements.recording(engine) as seen:
                elapsed, job_id = await run_remittance(sessions, LocalDirectoryStore(Path(folder)), content, "load.csv")
        quality = await match_quality(sessions, job_id, truth)
    finally:
        await engine.dispose()
    return report.RemittanceResult(
        lines=len(truth),
        seconds=elapsed,
        parse_seconds=parse_only(content),
        statements=len(seen),
        precision=quality.precision,
        recall=quality.recall,
    )


async def _server_version(url: str) -> str:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return "PostgreSQL " + str(await conn.fetchval("SHOW server_version"))
    finally:
        await conn.close()


def csrf_token(base: str) -> str:
    response = httpx.get(f"{base}/portal/", timeout=10)
    token = response.cookies.get(CSRF_COOKIE)
    if not token:
        raise SystemExit(f"the server set no {CSRF_COOKIE} cookie on GET /portal/")
    return token


def _dataset(url: str, scale: Scale) -> Dataset:
    """The generated book, or with ``BENCH_KEEP_BOOK=1`` the one an earlier run left in this database."""
    # One file per scale and database: a book kept for one database says nothing about another's.
    where = hashlib.sha256(url.encode()).hexdigest()[:12]
    kept = PROJECT_ROOT / ".bench-results" / f"book-{scale.name}-{where}.pickle"
    if os.environ.get("BENCH_KEEP_BOOK") == "1" and kept.exists():
        print(f"  reusing the book generated earlier ({kept.name}), migrated to head")
        upgrade_to_head(url)
        return pickle.loads(kept.read_bytes())  # type: ignore[no-any-return]
    dataset = asyncio.run(generate(url, scale))
    kept.parent.mkdir(exist_ok=True)
    kept.write_bytes(pickle.dumps(dataset))
    return dataset


def _with_floors(all_steps: list[Step]) -> list[Step]:
    """Each page followed by its floor route."""
    chosen = os.environ.get("BENCH_STEPS")
    keys = set(chosen.split(",")) if chosen else None
    out = []
    for step in all_steps:
        if keys is not None and step.key not in keys:
            continue
        out.append(step)
        if step.key in FLOOR_PAGES and os.environ.get("BENCH_FLOORS") != "0":
            out.append(floor_step(step))
    return out


def _measure(base: str, step: Step, csrf: str, scale: Scale, workers: list[int], gc_dir: Path) -> report.StepResult:
    result = report.StepResult(step, [])
    for connections in CONNECTIONS:
        lua = wrk.script(step.requests, csrf, step.success_marker)
        wrk.drive(base, lua, connections=connections, seconds=1)
        cpu_before, started = process_stats.cpu_seconds(workers), time.time()
        measured = wrk.drive(base, lua, connections=connections, seconds=scale.seconds)
        cpu, ended = process_stats.cpu_seconds(workers) - cpu_before, time.time()
        result.measured.append(measured)
        result.cpu_ms[connections] = cpu * 1000 / max(measured.requests, 1)
        result.gc_max_ms[connections], result.gc_max_wall_ms[connections] = process_stats.longest_gc_pause_ms(
            gc_dir, started, ended
        )
        print(f"  {step.key:18} {connections:>2} connections: {report.describe(result, connections)}")
    return result


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
    dataset = _dataset(url, scale)
    collections = None
    if os.environ.get("BENCH_COLLECTIONS") != "0":
        # Before the pages: the nightly assessment ranks the worklist the worklist step reads.
        collections = asyncio.run(collections_run.measure(url))
        print(f"  collections run: {collections_run.describe(collections)}")
    orders = None
    if os.environ.get("BENCH_ORDERS") != "0":
        # Before the pages: the orders, deliveries and discrepancies the order list and the worklist read.
        orders = asyncio.run(orders_run.measure(url, orders=scale.orders))
        print(f"  orders run: {orders_run.describe(orders)}")
    if os.environ.get("BENCH_REPORTS") != "0":
        print(f"  reports: {reports_run.describe(asyncio.run(reports_run.measure(url)))}")
    staff_tokens, customer_tokens = asyncio.run(_sign_in(url, dataset))
    results: list[report.StepResult] = []
    with tempfile.TemporaryDirectory(prefix="recoup-bench-load-") as folder:
        env = server_environment(url, Path(folder))
        log = PROJECT_ROOT / ".bench-results" / "load-server.log"
        log.parent.mkdir(exist_ok=True)
        with running_server(env, 1, log) as server:  # only for a CSRF cookie as the server sets it
            csrf = csrf_token(server.base)
        pages = build_steps(dataset, staff_tokens, customer_tokens, csrf)
        in_process = asyncio.run(_in_process(env, pages, csrf))
        floor_file, gc_dir = Path(folder) / "floors.pickle", log.parent / "gc-pauses"  # kept after the run
        shutil.rmtree(gc_dir, ignore_errors=True)
        gc_dir.mkdir()
        floor.save(floor_file, in_process.floors)
        server_env = {**env, floor.FLOOR_FILE_VARIABLE: str(floor_file), process_stats.GC_DIR_VARIABLE: str(gc_dir)}
        with running_server(server_env, scale.workers, log) as server:
            workers = process_stats.children(server.pid) or [server.pid]  # one worker: uvicorn runs it itself
            for step in _with_floors(pages):
                results.append(_measure(server.base, step, csrf, scale, workers, gc_dir))
    remittance = asyncio.run(_remittance(url, dataset, scale)) if os.environ.get("BENCH_REMITTANCE") != "0" else None
    table = report.Table(
        scale=scale,
        steps=results,
        statements=in_process.statements,
        round_trips=in_process.round_trips,
        remittance=remittance,
        collections=collections,
        orders=orders,
        measured_at=datetime.now(UTC),
        minutes=(time.perf_counter() - started) / 60,
        postgres=asyncio.run(_server_version(url)),
    )
    text = report.render(table)
    print(text)
    if os.environ.get("BENCH_STEPS") or remittance is None or collections is None or orders is None:
        print("(a partial run: docs/benchmarks.md is left as it was)")
    else:
        report.write(PROJECT_ROOT / "docs" / "benchmarks.md", table, text)
        print(f"written to docs/benchmarks.md ({timedelta(seconds=round(time.perf_counter() - started))})")
    return 0
