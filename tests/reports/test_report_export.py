"""The report as a workbook and a CSV, as a credit manager downloads it: the figures the report module works out,
the Deductions and Root causes sections and the definitions on sheets of their own, staff only, and outside text
never a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from backend.db.engine import system_session
from backend.domain.reports.deductions import DeductionFilters, deduction_report
from backend.domain.reports.receivables import receivables_report
from backend.domain.reports.root_causes import root_cause_report
from tests.reports.test_ledger import _quarter
from tests.support.api import Api

QUERY = "/api/reports/receivables?currency=EUR&start=2026-01-01&end=2026-03-31"


async def test_a_credit_manager_downloads_the_quarter_as_xlsx_and_csv(api: Api, factory: Any, demo: Any) -> None:
    await _quarter(demo, factory)
    manager = await factory.user("credit_manager")
    await api.login(manager.email, "correct horse battery")
    async with system_session(demo) as db:
        expected = await receivables_report(db, currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31))
        deductions = await deduction_report(
            db, filters=DeductionFilters(currency="EUR"), start=date(2026, 1, 1), end=date(2026, 3, 31)
        )
        root_causes = await root_cause_report(db, currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31))

    workbook = await api.http.get(QUERY + "&format=xlsx")

    assert workbook.status_code == 200, workbook.text
    assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "receivables-EUR-2026-01-01-2026-03-31.xlsx" in workbook.headers["content-disposition"]
    book = load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames == ["Report", "Deductions", "Root causes", "Definitions"]
    rows = {row[0]: row[1:] for row in book["Report"].iter_rows(values_only=True) if row and row[0]}
    assert Decimal(str(rows["DSO (simple), days"][0])) == expected.dso_simple
    assert Decimal(str(rows["Credit sales"][0])) == expected.credit_sales
    assert rows["DSO (simple), days"][1] == "Receivables ÷ credit sales × days."
    definitions = [row for row in book["Definitions"].iter_rows(values_only=True)]
    assert ("Collection effectiveness (CEI), 0–1",) == definitions[5][:1]
    assert any(row[0] == "Recovery rate" for row in definitions)

    # the Deductions and Root causes sections carry the report module's figures (every customer: other tests'
    # euro cases of the quarter are in them too), the quarter's own 10.00 written off by a person among them
    def money(value: Any) -> Decimal:
        return Decimal(str(value)).quantize(Decimal("0.01"))

    deduction_sheet = [row for row in book["Deductions"].iter_rows(values_only=True) if row and row[0]]
    by_label = {row[0]: row[1:] for row in deduction_sheet}
    assert deductions.written_off and all(
        (money(by_label[w.label][0]), by_label[w.label][1], money(by_label[w.label][2]), by_label[w.label][3])
        == (w.by_rule.amount, w.by_rule.count, w.by_person.amount, w.by_person.count)
        for w in deductions.written_off
    )
    assert any(w.reason_code == "SHORTAGE" and w.by_person.amount >= Decimal("10.00") for w in deductions.written_off)
    for bucket in deductions.open_by_age:
        assert (money(by_label[f"{bucket.key} days"][0]), by_label[f"{bucket.key} days"][1]) == (
            bucket.open.amount,
            bucket.open.count,
        )
    causes = {(row[0], row[1]): row[2:] for row in book["Root causes"].iter_rows(values_only=True) if row and row[0]}
    for cause in root_causes.rows:
        written_off = causes[(cause.root_cause or "not recorded", "every reason")][4:6]
        assert (money(written_off[0]), written_off[1]) == cause.written_off

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


async def test_the_file_says_which_filters_narrowed_its_case_figures(api: Api, factory: Any, demo: Any) -> None:
    await _quarter(demo, factory)
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")
    async with system_session(demo) as db:
        everything = await receivables_report(db, currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31))

    narrowed = await api.http.get(QUERY + f"&format=csv&reason=%3DHYPERLINK&root_cause=carrier&assignee={clerk.id}")
    bogus_cause = await api.http.get(QUERY + "&format=csv&root_cause=gremlins")
    bogus_staff = await api.http.get(QUERY + "&format=csv&assignee=nobody")

    assert narrowed.status_code == 200, narrowed.text
    lines = {row[0]: row[1:] for row in csv.reader(io.StringIO(narrowed.text)) if row}
    assert lines["Reason filter"] == ["'=HYPERLINK"]  # an unknown code, shown as text, never a formula
    assert lines["Root cause filter"] == ["carrier"] and lines["Staff member filter"] == [clerk.full_name]
    assert lines["Decided invalid, count"] == ["0"]  # no case has that reason
    assert lines["Receivables at the end"] == [str(everything.receivables)]  # the books stay whole
    assert "narrow the case figures" in lines["Filters"][0]
    assert (bogus_cause.status_code, bogus_staff.status_code) == (400, 400)
