"""Submitting a remittance file as staff do and waiting for its import job, as the console would."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from tests.support.api import Api

FINAL = {"applied", "partially_applied", "rejected", "failed"}


@dataclass
class ImportResult:
    http_status: int
    answer: dict[str, Any]
    job: RemittanceImport | None
    lines: list[RemittanceLineRecord]

    def line(self, number: int) -> RemittanceLineRecord:
        return next(line for line in self.lines if line.line == number)


async def submit(
    api: Api,
    content: bytes,
    *,
    filename: str = "remittance.csv",
    file_format: str | None = None,
    accept_valid: bool = False,
    customer: str | None = None,
) -> Any:
    if api.csrf is None:
        await api.http.get("/health")
    data = {"accept_valid": "true" if accept_valid else "false"}
    if file_format:
        data["format"] = file_format
    if customer:
        data["customer"] = customer
    return await api.http.post(
        "/api/imports/remittances",
        files={"file": (filename, content, "application/octet-stream")},
        data=data,
        headers={"x-csrf-token": api.csrf or ""},
    )


async def finished(app: Any, import_id: uuid.UUID, within_seconds: float = 60.0) -> RemittanceImport:
    """Run the job here (a no-op when the app's own worker has it) and wait until it and its automation are done."""
    sessions = app.state.sessionmaker
    jobs = app.state.background.jobs
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_seconds
    while True:
        await jobs.import_remittance(import_id)
        async with system_session(sessions) as db:
            job = await db.get(RemittanceImport, import_id)
            assert job is not None
            if job.status in FINAL and job.automation_done_at is not None:
                return job
        if loop.time() > deadline:
            raise AssertionError(f"import {import_id} still {job.status} after {within_seconds} s")
        await asyncio.sleep(0.05)


async def import_file(app: Any, api: Api, content: bytes, **options: Any) -> ImportResult:
    response = await submit(api, content, **options)
    answer = response.json()
    if response.status_code not in {200, 202}:
        return ImportResult(response.status_code, answer, None, [])
    job = await finished(app, uuid.UUID(answer["id"]))
    async with system_session(app.state.sessionmaker) as db:
        lines = list(
            (
                await db.execute(
                    select(RemittanceLineRecord)
                    .where(RemittanceLineRecord.import_id == job.id)
                    .order_by(RemittanceLineRecord.line)
                )
            ).scalars()
        )
    return ImportResult(response.status_code, answer, job, lines)
