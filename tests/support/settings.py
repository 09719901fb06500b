"""The settings every test app runs with: development mode, a data folder of its own, loopback hosts."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from backend.settings import Settings, load_settings
from tests.support.api import DEMO_PASSWORD


def settings_for_tests(data_dir: Path, database_url: str, **overrides: Any) -> Settings:
    """Settings for a test app on ``database_url`` keeping its files under ``data_dir``; ``overrides`` on top."""
    os.environ.setdefault("RECOUP_SECRET_KEY", "test-secret-" + "x" * 40)
    return replace(
        load_settings(),
        environment="development",
        data_dir=data_dir,
        database_url=database_url,
        documents_dir=data_dir / "documents",
        inbound_mail_dir=data_dir / "inbound-mail",
        allowed_hosts=["127.0.0.1", "localhost"],
        allowed_origins=[],
        cookie_secure=False,
        demo_password=DEMO_PASSWORD,
        seed_demo_data=False,
        **({"collections_hour": None} | overrides),
    )
