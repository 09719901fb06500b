"""Command line: ``python -m backend run|serve|worker|migrate|seed|export-schema|check-schema|verify-audit``.

``run`` is the embedded product in one process (migrates, seeds the demo, serves); ``migrate``,
``serve`` and ``worker`` are the production shape's three separate steps (docs/deploy.md).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from backend.settings import PROJECT_ROOT, SettingsError, get_settings

SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"


def _migrate() -> None:
    from backend.migrations import upgrade_to_head

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_to_head(settings.database_url)


def _seed() -> bool:
    from backend.demo.seed import seed_if_empty

    return asyncio.run(seed_if_empty(get_settings()))


def _run() -> None:
    import uvicorn

    from backend.demo.remittances import sample_path
    from backend.demo.seed import DEMO_API_CLIENT_ID, DEMO_API_CLIENT_SECRET, DEMO_LOGINS
    from backend.logs import configure_logging
    from backend.serving import KEEP_ALIVE_SECONDS, server_app

    settings = get_settings()
    settings.check()
    configure_logging(settings, default_level="WARNING")
    _migrate()
    if settings.seed_demo_data:
        seeded = _seed()
        print("Seeded demo data." if seeded else "Demo data already present.")
        print(f"\nRecoup on http://{settings.host}:{settings.port}/  (portal /portal/, console /console/)")
        print(f"Demo logins, password {settings.demo_password!r}:")
        for email, what in DEMO_LOGINS:
            print(f"  {email:28} {what}")
        print(
            f"Demo ERP machine client (POST /oauth/token, client credentials): "
            f"client_id {DEMO_API_CLIENT_ID!r}, secret {DEMO_API_CLIENT_SECRET!r}"
        )
        sample = sample_path(settings.data_dir)
        if sample.exists():
            print(f"A sample remittance file to import in the console (Cash): {sample}")
        print()
    uvicorn.run(
        server_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        proxy_headers=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


def _serve() -> None:
    from backend.serving import serve

    serve(get_settings())


def _worker() -> None:
    import logging

    from backend.db.engine import make_engine, make_sessionmaker
    from backend.jobs.runner import Background
    from backend.logs import configure_logging

    settings = get_settings()
    settings.check()
    configure_logging(settings)

    async def work() -> None:
        engine = make_engine(settings.database_url)
        try:
            await Background(settings, make_sessionmaker(engine)).run_worker()
        finally:
            await engine.dispose()

    logging.getLogger("recoup.worker").info("worker started", extra={"jobs": settings.jobs})
    asyncio.run(work())


def _dunning() -> None:
    """The daily collections run, now: every account assessed, then every reminder due sent (idempotent)."""
    from backend.db.engine import make_engine, make_sessionmaker
    from backend.jobs.runner import Background

    settings = get_settings()
    settings.check()

    async def run() -> str:
        engine = make_engine(settings.database_url)
        try:
            return await Background(settings, make_sessionmaker(engine)).jobs.collections_day()
        finally:
            await engine.dispose()

    print(asyncio.run(run()))


def _snapshot_reports(since: str | None) -> int:
    """Record the reports' snapshots from ``since`` (an ISO date; default: yesterday) to yesterday: every day's
    activity in one pass, then each day's books, one transaction per day (a history backfill after an upgrade)."""
    from datetime import UTC, date, datetime, timedelta

    from backend.db.engine import make_engine, make_sessionmaker, system_session
    from backend.domain.reports.snapshots import record_activity, record_balances

    today = datetime.now(UTC).date()
    yesterday = today - timedelta(days=1)
    try:
        first = date.fromisoformat(since) if since else yesterday
    except ValueError:
        print(f"--since {since!r} is not a date like 2026-01-31", file=sys.stderr)
        return 2
    if first > yesterday:
        print("--since must be yesterday or earlier: only days that ended are recorded", file=sys.stderr)
        return 2

    async def record() -> None:
        engine = make_engine(get_settings().database_url)
        sessions = make_sessionmaker(engine)
        try:
            async with system_session(sessions) as db:
                await record_activity(db, first, yesterday, now=datetime.now(UTC))
            day = first
            while day <= yesterday:
                async with system_session(sessions) as db:
                    rows = await record_balances(db, day, now=datetime.now(UTC))
                print(f"{day}: {rows} customer balances recorded")
                day += timedelta(days=1)
        finally:
            await engine.dispose()

    asyncio.run(record())
    return 0


def _export_schema(path: Path) -> None:
    from backend.schema import schema_sdl

    path.write_text(schema_sdl())
    print(f"wrote {path}")


def _check_schema(path: Path) -> int:
    from backend.schema import schema_sdl

    if not path.exists() or path.read_text() != schema_sdl():
        print(f"{path.name} is stale: run `make schema` and commit it.", file=sys.stderr)
        return 1
    print(f"{path.name} is up to date")
    return 0


def _verify_audit() -> int:
    from backend.db.engine import make_engine, make_sessionmaker, system_session
    from backend.domain.audit.service import first_broken_event

    async def verify() -> int | None:
        engine = make_engine(get_settings().database_url)
        try:
            async with system_session(make_sessionmaker(engine)) as db:
                return await first_broken_event(db)
        finally:
            await engine.dispose()

    broken = asyncio.run(verify())
    if broken is None:
        print("audit log intact: every event matches its hash and the chain is unbroken")
        return 0
    where = "the chain head (events were removed from the end)" if broken == -1 else f"event {broken}"
    print(f"audit log TAMPERED: the chain breaks at {where}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend")
    parser.add_argument(
        "command",
        choices=[
            "run",
            "serve",
            "worker",
            "migrate",
            "seed",
            "dunning",
            "export-schema",
            "check-schema",
            "verify-audit",
            "snapshot-reports",
        ],
    )
    parser.add_argument("--since", help="snapshot-reports: the first day to record (default: yesterday)")
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            _run()
        elif args.command == "serve":
            _serve()
        elif args.command == "worker":
            _worker()
        elif args.command == "migrate":
            get_settings().check()
            _migrate()
        elif args.command == "seed":
            _migrate()
            print("seeded" if _seed() else "already seeded")
        elif args.command == "dunning":
            _dunning()
        elif args.command == "export-schema":
            _export_schema(SCHEMA_FILE)
        elif args.command == "check-schema":
            return _check_schema(SCHEMA_FILE)
        elif args.command == "verify-audit":
            return _verify_audit()
        elif args.command == "snapshot-reports":
            get_settings().check()
            return _snapshot_reports(args.since)
    except SettingsError as error:
        print(f"refusing to start: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
