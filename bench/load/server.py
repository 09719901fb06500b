"""The server under load: the real app in several uvicorn worker processes, plus the plain JSON baseline route.

``bench.load.server:create`` is the uvicorn factory each worker process calls: the production app
built from the environment, with one extra route (``/bench/plain-invoices``) that serves the same
invoice rows as the portal's GraphQL list without GraphQL, the baseline the issue asks for.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from litestar import Litestar, Request, get
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.invoices.service import InvoiceFilter, list_invoices
from backend.graphql.pagination import clamp_page_size
from backend.serving import serve, worker_app
from backend.web.identity import acting_user
from bench.load.floor import FloorPool, floor_page
from bench.load.process_stats import profile_cpu, record_gc_pauses

PAGE = 50


@get("/bench/plain-invoices", include_in_schema=False)
async def plain_invoices(request: Request[Any, Any, Any], db: AsyncSession) -> dict[str, Any]:
    """The baseline: the same domain calls as the portal's GraphQL list (page and count), serialised by Litestar."""
    user = await acting_user(request, db)
    if user is None:
        return {"error": "signed out"}
    today = date.today()
    page = await list_invoices(db, today=today, flt=InvoiceFilter(), first=clamp_page_size(PAGE, 100), after=None)
    return {
        "totalCount": page.total_count,
        "pageInfo": {
            "hasNextPage": page.has_next_page,
            "hasPreviousPage": page.has_previous_page,
            "endCursor": page.rows[-1].cursor if page.rows else None,
        },
        "edges": [
            {
                "cursor": row.cursor,
                "node": {
                    "id": str(row.invoice.id),
                    "number": row.invoice.number,
                    "poNumber": row.invoice.po_number,
                    "issueDate": row.invoice.issue_date.isoformat(),
                    "dueDate": row.invoice.due_date.isoformat(),
                    "currency": row.invoice.currency,
                    "status": row.status.name,
                    "daysOverdue": row.days_overdue(today),
                    "totalAmount": str(row.invoice.total_amount),
                    "openBalance": str(row.invoice.open_balance),
                },
            }
            for row in page.rows
        ],
    }


def create() -> Litestar:
    """The uvicorn factory: each worker's production app, as ``python -m backend serve`` builds it, plus the plain
    baseline, the floor routes (``bench.load.floor``) and, when the suite asks, a log of GC pauses."""
    app = worker_app()
    app.register(plain_invoices)
    app.register(floor_page)
    floor = FloorPool(app.state.settings.database_url)
    app.state.bench_floor = floor
    app.on_startup.append(floor.open)
    app.on_shutdown.insert(0, floor.close)
    record_gc_pauses()
    if (dump_profile := profile_cpu()) is not None:
        app.on_shutdown.append(dump_profile)
    return app


def main() -> None:
    """``python -m bench.load.server``: ``python -m backend serve`` with this module's factory (settings from env)."""
    serve(app_factory="bench.load.server:create")


def server_environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """Production mode, as deployed: masked errors, no introspection, secure cookies, no demo data, JSON access logs;
    only the per-address rate limits are off."""
    return {
        **os.environ,
        "RECOUP_ENV": "production",
        "RECOUP_DATABASE_URL": database_url,
        "RECOUP_DATA_DIR": str(data_dir),
        "RECOUP_SECRET_KEY": "bench-secret-key-not-for-production-0123456789",
        "RECOUP_COOKIE_SECURE": "true",
        "RECOUP_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "RECOUP_SEED_DEMO": "false",
        "RECOUP_DOCUMENT_STORE": "local",
        # wrk sends everything from one address: the per-address limits would measure themselves
        "RECOUP_RATE_LIMIT_PER_MINUTE": "0",
        "RECOUP_SIGN_IN_RATE_LIMIT_PER_MINUTE": "0",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class RunningServer:
    base: str
    """``http://127.0.0.1:<port>``"""
    pid: int
    """The uvicorn supervisor; its children are the workers."""


@contextmanager
def running_server(env: dict[str, str], workers: int, log: Path) -> Iterator[RunningServer]:
    """Start ``workers`` uvicorn processes on a free loopback port, wait for /ready, stop them on exit."""
    port = free_port()
    command = [sys.executable, "-m", "bench.load.server"]
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            env={**env, "PORT": str(port), "RECOUP_HOST": "127.0.0.1", "RECOUP_WORKERS": str(workers)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"the server exited at start; see {log}")
                try:
                    if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"the server was not ready within 60 s; see {log}")
                time.sleep(0.3)
            yield RunningServer(base, process.pid)
        finally:  # SIGTERM: the supervisor stops its workers gracefully
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
