"""Running the background jobs of an app inside a test, as its worker would."""

from __future__ import annotations

from typing import Any


async def run_due_jobs(app: Any) -> list[str]:
    """Do every extraction that is due now (the app's in-process worker does this on its own); the outcomes."""
    jobs = app.state.background.jobs
    outcomes = []
    for _ in range(20):
        due = await jobs.due()
        if not due:
            break
        for document_id in due:
            outcomes.append((await jobs.extract(document_id)).status)
    return outcomes
