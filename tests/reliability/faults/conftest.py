"""Fault injection (SECURITY.md G34): S3 dies or hangs mid-upload, the database connection is killed
mid-transaction, a worker is killed mid-import. Each time: a typed error (never a stack trace), nothing
half-written, the next request succeeds, the job completes once.

Real processes: an S3 emulator and job workers of these tests' own (``tests/support/moto_server.py``,
``tests/support/processes.py``), PostgreSQL's own ``pg_terminate_backend``. The app answers
in-process (ASGI), with its real engine and pool. PostgreSQL only: ``RECOUP_TEST_FAULTS_DATABASE_URL`` (a database of their own, which
``tests/harness/services.sh`` makes, so no other test's worker takes their jobs), else
``RECOUP_TEST_DATABASE_URL``. The database is migrated and seeded if empty, never reset.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.demo.seed import seed_demo
from backend.domain.accounts.models import Organisation
from backend.migrations import upgrade_to_head
from backend.settings import Settings
from tests.support.api import DEMO_PASSWORD, Api
from tests.support.factories import Factory
from tests.support.settings import settings_for_tests

PASSWORD = "correct horse battery"
IMPORT_HEADER = (
    "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,"
    "adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"
)


@dataclass(frozen=True)
class Rig:
    """What every fault test shares: settings for an app of its own, a session factory, factories, a log folder."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    factory: Factory
    logs: Path

    @property
    def dsn(self) -> str:
        return self.settings.database_url.replace("postgresql+asyncpg", "postgresql")


@pytest.fixture(scope="package")
def fault_database() -> Iterator[str]:
    url = os.environ.get("RECOUP_TEST_FAULTS_DATABASE_URL") or os.environ.get("RECOUP_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.fail("fault injection needs PostgreSQL: set RECOUP_TEST_FAULTS_DATABASE_URL or RECOUP_TEST_DATABASE_URL")
    upgrade_to_head(url)
    yield url


@pytest.fixture(scope="package")
async def rig(fault_database: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Rig]:
    data_dir = tmp_path_factory.mktemp("faults")
    settings = settings_for_tests(data_dir, fault_database, jobs="in-process")
    engine = make_engine(fault_database)
    sessions = make_sessionmaker(engine)
    async with system_session(sessions) as db:
        if not await db.scalar(select(func.count()).select_from(Organisation)):
            await seed_demo(db, password=DEMO_PASSWORD, today=date.today())
            await db.commit()
    yield Rig(settings=settings, sessions=sessions, factory=Factory(sessions), logs=data_dir)
    await engine.dispose()


async def signed_in(api: Api, rig: Rig, role: str, account: Any = None) -> Any:
    user = await rig.factory.user(role, account)
    response = await api.login(user.email, PASSWORD)
    assert response.status_code == 200, response.text
    return user
