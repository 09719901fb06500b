"""Fixtures: one migrated, demo-seeded database per run (SQLite or PostgreSQL), the app, clients.

``RECOUP_TEST_DATABASE_URL`` picks the database (``make test`` runs the suite on both);
unset, a throwaway SQLite file is used. Tests treat the demo data as read-only and
make what they change with the factories, so they do not depend on each other.
"""

from __future__ import annotations

import asyncio
import os
import signal
import tempfile
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.app import create_app
from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.demo.seed import seed_demo
from backend.migrations import upgrade_to_head
from backend.settings import Settings
from tests.support.api import DEMO_PASSWORD, Api
from tests.support.factories import Factory
from tests.support.password_hashing import CHEAP, PRODUCTION, hashing_with
from tests.support.settings import settings_for_tests

# The seed is relative to this day, so statuses in the demo data are stable across the run.
SEED_DAY = date.today()
RELIABILITY = Path(__file__).parent / "reliability"


def pytest_configure(config: pytest.Config) -> None:
    """SIGTERM stops the run as Ctrl-C does, so fixtures still stop the servers and workers they started.

    ``make test`` interrupts its passes with SIGINT, then SIGTERM where SIGINT is ignored (a CI runner's
    background job); without this, a terminated pytest leaves those processes (sessions of their own) behind.
    """

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


@pytest.hookimpl(tryfirst=True)  # before `-m` selects, so the marker added here counts
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests under ``tests/reliability`` are marked ``reliability`` and left out unless ``-m`` names that marker
    (then ``-m`` decides: ``-m reliability`` runs them, ``-m "not reliability"`` does not).

    They start their own server on the test database and reset it, which would pull the data from under
    the rest of the suite in the same run; ``make reliability`` (and one pass of ``make test``) asks for them.
    """
    wanted = "reliability" in (config.getoption("markexpr", "") or "")
    postgresql = (os.environ.get("RECOUP_TEST_DATABASE_URL") or "").startswith("postgresql")
    kept, left_out = [], []
    for item in items:
        if RELIABILITY in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.reliability)
        reliability_ok = wanted or item.get_closest_marker("reliability") is None
        engine_ok = postgresql or item.get_closest_marker("postgresql_only") is None  # deselected, not skipped
        (kept if reliability_ok and engine_ok else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """argon2id at its cheapest for the whole run: production's costs 0.1–0.3 s of CPU per sign-in
    (tests/support/password_hashing.py says which tests still hash as production does)."""
    with hashing_with(CHEAP):
        yield


@pytest.fixture
def production_password_hashing() -> Iterator[None]:
    """Production's argon2id parameters for one test: the tests about password hashing itself."""
    with hashing_with(PRODUCTION):
        yield


def _reset_postgres(url: str) -> None:
    import asyncpg

    async def reset() -> None:
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await conn.close()

    asyncio.run(reset())


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    url = os.environ.get("RECOUP_TEST_DATABASE_URL")
    if url:
        if url.startswith("postgresql"):
            _reset_postgres(url)
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="recoup-test-") as folder:
        yield f"sqlite+aiosqlite:///{Path(folder) / 'test.db'}"


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    # One address sends the whole suite's requests; tests/web/test_rate_limits.py turns the limits on.
    return settings_for_tests(
        tmp_path_factory.mktemp("data"), database_url, rate_limit_per_minute=0, sign_in_rate_limit_per_minute=0
    )


@pytest.fixture(scope="session")
def migrated(settings: Settings) -> str:
    upgrade_to_head(settings.database_url)
    return settings.database_url


@pytest.fixture(scope="session")
async def sessionmaker(migrated: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(migrated)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
async def demo(sessionmaker: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    async with system_session(sessionmaker) as db:
        await seed_demo(db, password=DEMO_PASSWORD, today=SEED_DAY)
        await db.commit()
    return sessionmaker


@pytest.fixture(scope="session")
async def app(settings: Settings, demo: async_sessionmaker[AsyncSession]):  # type: ignore[no-untyped-def]
    application = create_app(settings)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def api(app) -> AsyncIterator[Api]:  # type: ignore[no-untyped-def]
    client = Api(app)
    yield client
    await client.close()


@pytest.fixture
async def api_factory(app) -> AsyncIterator:  # type: ignore[no-untyped-def]
    """Several independent browsers in one test."""
    clients: list[Api] = []

    def make() -> Api:
        client = Api(app)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


@pytest.fixture
def factory(demo: async_sessionmaker[AsyncSession]) -> Factory:
    return Factory(demo)
