"""The report as a workbook and a CSV, as a credit manager downloads it: the figures the report module works out,
the definitions on a sheet of their own, staff only, and outside text never a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from backend.db.engine import system_session
from backend.domain.reports.receivables import receivables_report
from tests.reports.test_ledger import _quarter
from tests.support.api import Api

QUERY = "/api/reports/receivables?currency=EUR&start=2026-01-01&end=2026-03-31"


async def test_a_credit_manager_downloads_the_quarter_as_xlsx_and_csv(api: Api, factory: Any, demo: Any) -> None:
    await _quarter(demo, factory)
    manager = await factory.user("credit_manager")
    await api.login(manager.email, "correct horse battery")
    async with system_session(demo) as db:
        expected = await receivables_report(db, currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31))

    workbook = await api.http.get(QUERY + "&format=xlsx")

    assert workbook.status_code == 200, workbook.text
    assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "receivables-EUR-2026-01-01-2026-03-31.xlsx" in workbook.headers["content-disposition"]
    book = load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames == ["Report", "Definitions"]
    rows = {row[0]: row[1:] for row in book["Report"].iter_rows(values_only=True) if row and row[0]}
    assert Decimal(str(rows["DSO (simple), days"][0])) == expected.dso_simple
    assert Decimal(str(rows["Credit sales"][0])) == expected.credit_sales
    assert rows["DSO (simple), days"][1] == "Receivables ÷ credit sales × days."
    definitions = [row for row in book["Definitions"].iter_rows(values_only=True)]
    assert ("Collection effectiveness (CEI), 0–1",) == definitions[5][:1]

    text = await api.http.get(QUERY + "&format=csv")

    assert text.status_code == 200 and text.headers["content-type"].startswith("text/csv")
    lines = {row[0]: row[1:] for row in csv.reader(io.StringIO(text.text)) if row}
    assert lines["Receivables at the end"] == [str(expected.receivables)]


async def test_customers_may_not_and_outside_text_is_never_a_formula(api: Api, factory: Any, demo: Any) -> None:
    customer = await factory.user("customer_user", await factory.account())
    await api.login(customer.email, "correct horse battery")
    assert (await api.http.get(QUERY + "&format=xlsx")).status_code == 403

    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")
    hostile = await api.http.get("/api/reports/receivables?currency=%3D1%2B&start=2026-01-01&end=2026-03-31&format=csv")
    assert hostile.status_code == 200
    assert hostile.text.splitlines()[0] == "Receivables and deductions,'=1+"
    backwards = await api.http.get("/api/reports/receivables?currency=EUR&start=2026-03-31&end=2026-01-01")
    assert backwards.status_code == 400
