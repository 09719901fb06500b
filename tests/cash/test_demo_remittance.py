"""The sample remittance `make run` prints: importing it shows each way of matching, a deduction and an exception."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from backend.db.engine import system_session
from backend.demo.remittances import write_sample_remittance
from tests.support.api import Api
from tests.support.imports import import_file


async def test_the_demo_sample_remittance_imports_with_one_exception_and_one_deduction(
    app: Any, api: Api, factory: Any, demo: Any, tmp_path: Path
) -> None:
    async with system_session(demo) as db:
        path = await write_sample_remittance(db, tmp_path, today=date.today())
    assert path is not None
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")

    result = await import_file(app, api, path.read_bytes(), filename=path.name)

    assert result.job is not None, result.answer
    assert result.job.status == "applied" and result.job.deductions == 1
    assert [(line.status, line.rule) for line in result.lines] == [
        ("applied", "exact_reference"),
        ("applied", "normalised_reference"),
        ("applied", "po_number"),
        ("exception", ""),
    ]
    assert result.lines[3].suggestions[0]["rule"] == "combination"
