"""Real server and worker processes against the run's database (tests/support/processes.py).

The tests that need procrastinate's queue (PostgreSQL only), and the one that also needs the S3
emulator, are collected only when those are there: ``make test`` runs the suite on SQLite and then
on PostgreSQL, always with the emulator, so the SQLite run neither runs nor skips them and the
PostgreSQL run runs them all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from backend.settings import Settings

POSTGRES = os.environ.get("RECOUP_TEST_DATABASE_URL", "").startswith("postgresql")
S3_ENDPOINT = os.environ.get("RECOUP_TEST_S3_ENDPOINT", "")
NEEDS_QUEUE = ["test_job_worker_shutdown.py"]
NEEDS_QUEUE_AND_S3 = ["test_multi_worker.py"]

collect_ignore = ([] if POSTGRES else NEEDS_QUEUE) + ([] if POSTGRES and S3_ENDPOINT else NEEDS_QUEUE_AND_S3)


@pytest.fixture
def server_env(settings: Settings, migrated: str, demo: Any, tmp_path: Path) -> dict[str, str]:
    """What a server process needs to share the run's (migrated, seeded) database."""
    return {
        "RECOUP_DATABASE_URL": migrated,
        "RECOUP_DATA_DIR": str(tmp_path / "data"),
        "RECOUP_DOCUMENTS_DIR": str(settings.documents_dir),
        "RECOUP_SECRET_KEY": settings.secret_key,
        "RECOUP_JOBS": "queue" if POSTGRES else "in-process",
    }
