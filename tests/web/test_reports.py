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
