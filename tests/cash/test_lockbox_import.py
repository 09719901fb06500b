"""Lockbox import: match, apply, turn short pays into mapped and routed deductions; bad files change nothing."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference
from backend.domain.payments.models import Payment
from tests.support.api import Api

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"


async def _clerk(api: Api, factory: Any) -> None:
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")


async def _import(api: Api, csv_text: str) -> Any:
    if api.csrf is None:
        await api.http.get("/health")
    return await api.http.post(
        "/api/imports/lockbox",
        files={"file": ("lockbox.csv", csv_text.encode(), "text/csv")},
        headers={"x-csrf-token": api.csrf or ""},
    )


async def _state(demo: Any, *invoice_ids: Any) -> list[tuple[Decimal, Decimal, Decimal]]:
    async with system_session(demo) as db:
        rows = (await db.execute(select(Invoice).where(Invoice.id.in_(invoice_ids)))).scalars().all()
        return sorted((r.paid_amount, r.open_balance, r.disputed_amount) for r in rows)


async def test_a_remittance_is_matched_applied_and_its_short_pay_becomes_a_mapped_deduction(
    api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account = await factory.account("Lockbox Co")
    first = await factory.invoice(account, total=Decimal("100.00"), po_number="PO-4500012345")
    second = await factory.invoice(account, total=Decimal("250.00"))
    reference = f"CHK-{uuid.uuid4().hex[:8]}"
    csv_text = HEADER + (
        f"{reference},2026-11-20,{account.number},330.00,PO 4500012345,100.00,0,,,\n"
        f"{reference},2026-11-20,{account.number},330.00,{second.number.lower()},230.00,20.00,x12,04,Two cases damaged\n"
    )

    response = await _import(api, csv_text)

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["status"] == "applied" and report["payments"] == 1 and report["deductions"] == 1
    assert [line["matched_by"] for line in report["lines"]] == ["po_number", "normalised_reference"]
    assert await _state(demo, first.id, second.id) == [
        (Decimal("100.00"), Decimal("0.00"), Decimal("0.00")),
        (Decimal("230.00"), Decimal("20.00"), Decimal("20.00")),
    ]
    async with system_session(demo) as db:
        deduction = (await db.execute(select(Dispute).where(Dispute.invoice_id == second.id))).scalar_one()
    assert (deduction.reason_code, deduction.origin, deduction.amount) == ("DAMAGED", "remittance", Decimal("20.00"))


async def test_importing_the_same_file_twice_changes_nothing_the_second_time(api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("80.00"))
    csv_text = HEADER + f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},80.00,{invoice.number},80.00,0,,,\n"

    first = await _import(api, csv_text)
    second = await _import(api, csv_text)

    assert first.json()["status"] == "applied" and second.json()["status"] == "duplicate"
    async with system_session(demo) as db:
        payments = (
            await db.execute(select(func.count()).select_from(Payment).where(Payment.account_id == account.id))
        ).scalar_one()
    assert payments == 1 and await _state(demo, invoice.id) == [(Decimal("80.00"), Decimal("0.00"), Decimal("0.00"))]


async def test_a_bad_file_changes_nothing_and_names_every_bad_line(api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("50.00"))
    csv_text = HEADER + (
        f"CHK-A,2026-11-20,{account.number},50.00,{invoice.number},50.00,0,,,\n"
        f"CHK-B,2026-13-40,{account.number},10.00,{invoice.number},10.00,0,,,\n"
        f"CHK-C,2026-11-20,C-NOPE,10.00,{invoice.number},10.00,0,,,\n"
        f"CHK-D,2026-11-20,{account.number},10.00,INV-DOES-NOT-EXIST,10.00,0,,,\n"
        f"CHK-E,2026-11-20,{account.number},NaN,{invoice.number},10.00,0,,,\n"
        f"CHK-F,2026-11-20,{account.number},10.00,{invoice.number},9.999,0,,,\n"
    )

    response = await _import(api, csv_text)

    assert response.status_code == 422
    report = response.json()
    assert report["status"] == "rejected"
    assert [line["line"] for line in report["lines"]] == [3, 4, 5, 6, 7]
    assert "not a date" in report["lines"][0]["message"] and "Unknown customer" in report["lines"][1]["message"]
    assert await _state(demo, invoice.id) == [(Decimal("0.00"), Decimal("50.00"), Decimal("0.00"))]


async def test_a_file_with_the_wrong_header_is_refused_whole(api: Api, factory: Any) -> None:
    await _clerk(api, factory)
    response = await _import(api, "ref,amount\nA,1.00\n")
    assert response.status_code == 422 and "header must be exactly" in response.json()["message"]


async def test_customers_cannot_import(api: Api, factory: Any) -> None:
    customer = await factory.user("customer_admin", await factory.account())
    await api.login(customer.email, "correct horse battery")
    assert (await _import(api, HEADER)).status_code == 403


@pytest.mark.parametrize(
    ("reference", "invoice_number"),
    [
        ("inv-nw-00300", "INV-NW-00300"),
        ("NW 300", "INV-NW-00300"),
        ("INVOICE NW-0300", "INV-NW-00300"),
        ("po 4500012345", "PO-4500012345"),
    ],
)
def test_references_match_whatever_their_case_spacing_prefix_and_leading_zeros(
    reference: str, invoice_number: str
) -> None:
    assert normalise_reference(reference) == normalise_reference(invoice_number)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paid=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("150.00"), places=2))
async def test_allocations_never_exceed_the_invoice(paid: Decimal, api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    response = await _import(
        api, HEADER + f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},{paid},{invoice.number},{paid},0,,,\n"
    )
    (state,) = await _state(demo, invoice.id)
    if paid <= Decimal("100.00"):
        assert response.status_code == 200 and state == (paid, Decimal("100.00") - paid, Decimal("0.00"))
    else:
        assert response.status_code == 422 and state == (Decimal("0.00"), Decimal("100.00"), Decimal("0.00"))
