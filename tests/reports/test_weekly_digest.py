"""The weekly e-mail: on the first collections run of a week, every active credit manager gets last week's headline
figures with the report as a PDF, once; nobody else gets it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from pypdf import PdfReader

from backend.db.engine import system_session
from backend.domain.reports.weekly import send_weekly_digest, week_before
from tests.reports.test_ledger import _quarter
from tests.support.outbox import sent_to

MONDAY = date(2026, 4, 6)  # the week before is 30 March to 5 April: the quarter's last two days are in it


async def test_credit_managers_get_last_weeks_figures_and_the_pdf_once(factory: Any, demo: Any) -> None:
    await _quarter(demo, factory)
    manager, clerk = await factory.user("credit_manager"), await factory.user("ar_clerk")
    now = datetime(2026, 4, 6, 6, tzinfo=UTC)

    async with system_session(demo) as db:
        queued = await send_weekly_digest(db, today=MONDAY, now=now, console_url="https://recoup.example/console")
    async with system_session(demo) as db:
        again = await send_weekly_digest(db, today=date(2026, 4, 8), now=now, console_url="https://x.example")

    assert week_before(MONDAY) == (date(2026, 3, 30), date(2026, 4, 5))
    assert queued >= 1 and again == 0  # the Wednesday run finds last week's digest sent
    (mail,) = await sent_to(demo, manager.email)
    assert mail["Subject"] == "Recoup weekly report: week of 2026-03-30"
    text = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "EUR: receivables" in text and "DSO (simple)" in text and "https://recoup.example/console/reports" in text
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == "recoup-week-2026-03-30.pdf"
    pdf = PdfReader(io.BytesIO(attachment.get_content()))
    words = " ".join(page.extract_text() for page in pdf.pages)
    assert "Weekly report, week of 2026-03-30" in words and "DSO (simple), days" in words and "EUR" in words
    assert await sent_to(demo, clerk.email) == []
