"""Remittance import: match, apply, turn short pays into mapped and routed deductions; bad files change nothing."""

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
from backend.domain.payments.models import Payment, PaymentAllocation
from tests.support.api import Api
from tests.support.imports import import_file, submit

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"


async def _clerk(api: Api, factory: Any) -> None:
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")


async def _state(demo: Any, *invoice_ids: Any) -> list[tuple[Decimal, Decimal, Decimal]]:
    async with system_session(demo) as db:
        rows = (await db.execute(select(Invoice).where(Invoice.id.in_(invoice_ids)))).scalars().all()
        return sorted((r.paid_amount, r.open_balance, r.disputed_amount) for r in rows)


async def test_a_remittance_is_matched_applied_and_its_short_pay_becomes_a_mapped_deduction(
    app: Any, api: Api, factory: Any, demo: Any
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

    result = await import_file(app, api, csv_text.encode())

    assert result.http_status == 202, result.answer
    assert result.job is not None
    assert (result.job.status, result.job.payments, result.job.deductions) == ("applied", 1, 1)
    assert [(line.rule, str(line.confidence)) for line in result.lines] == [
        ("po_number", "0.93"),
        ("normalised_reference", "0.97"),
    ]
    assert await _state(demo, first.id, second.id) == [
        (Decimal("100.00"), Decimal("0.00"), Decimal("0.00")),
        (Decimal("230.00"), Decimal("20.00"), Decimal("20.00")),
    ]
    async with system_session(demo) as db:
        deduction = (await db.execute(select(Dispute).where(Dispute.invoice_id == second.id))).scalar_one()
    assert (deduction.reason_code, deduction.origin, deduction.amount) == ("DAMAGED", "remittance", Decimal("20.00"))
    assert result.line(3).deduction_id == deduction.id


async def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("80.00"))
    csv_text = HEADER + f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},80.00,{invoice.number},80.00,0,,,\n"

    first = await import_file(app, api, csv_text.encode())
    second = await submit(api, csv_text.encode())

    assert first.job is not None and first.job.status == "applied"
    assert second.status_code == 200 and second.json() == {
        "id": str(first.job.id),
        "status": "applied",
        "format": "lockbox_csv",
        "duplicate": True,
    }
    async with system_session(demo) as db:
        payments = (
            await db.execute(select(func.count()).select_from(Payment).where(Payment.account_id == account.id))
        ).scalar_one()
    assert payments == 1 and await _state(demo, invoice.id) == [(Decimal("80.00"), Decimal("0.00"), Decimal("0.00"))]


async def test_a_payment_already_imported_is_skipped_in_a_later_file(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("80.00"))
    other = await factory.invoice(account, total=Decimal("40.00"))
    line = f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},80.00,{invoice.number},80.00,0,,,\n"
    await import_file(app, api, (HEADER + line).encode())

    later = await import_file(
        app,
        api,
        (
            HEADER
            + line
            + f"CHK-NEW-{uuid.uuid4().hex[:6]},2026-11-21,{account.number},40.00,{other.number},40.00,0,,,\n"
        ).encode(),
    )

    assert later.job is not None and later.job.status == "applied"
    assert later.line(2).status == "skipped" and "already imported" in later.line(2).message
    assert later.line(3).status == "applied"
    assert await _state(demo, invoice.id, other.id) == [
        (Decimal("40.00"), Decimal("0.00"), Decimal("0.00")),
        (Decimal("80.00"), Decimal("0.00"), Decimal("0.00")),
    ]


BAD_FILE = (
    "CHK-A,2026-11-20,{account},50.00,{invoice},50.00,0,,,\n"
    "CHK-B,2026-13-40,{account},10.00,{invoice},10.00,0,,,\n"
    "CHK-C,2026-11-20,C-NOPE,10.00,INV-NOPE-1,10.00,0,,,\n"
    "CHK-D,2026-11-20,{account},10.00,{invoice},7.00,0,,,\n"
    "CHK-E,2026-11-20,{account},NaN,{invoice},10.00,0,,,\n"
    "CHK-F,2026-11-20,{account},10.00,{invoice},9.999,0,,,\n"
)


async def test_a_bad_file_changes_nothing_and_names_every_bad_line(app: Any, api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("50.00"))

    result = await import_file(
        app, api, (HEADER + BAD_FILE.format(account=account.number, invoice=invoice.number)).encode()
    )

    assert result.job is not None and result.job.status == "rejected"
    assert "nothing was applied" in result.job.message
    assert result.job.applied_lines == 0  # the report never says "1 applied" beside "nothing applied"
    errors = {line.line: line.message for line in result.lines if line.status == "error"}
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert "not a date" in errors[3] and "Unknown customer" in errors[4] and "do not add up" in errors[5]
    assert await _state(demo, invoice.id) == [(Decimal("0.00"), Decimal("50.00"), Decimal("0.00"))]
    async with system_session(demo) as db:
        assert (
            await db.execute(select(func.count()).select_from(Payment).where(Payment.account_id == account.id))
        ).scalar_one() == 0


async def test_accepting_the_good_lines_applies_them_and_reports_the_rest(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("50.00"))

    result = await import_file(
        app,
        api,
        (HEADER + BAD_FILE.format(account=account.number, invoice=invoice.number)).encode(),
        accept_valid=True,
    )

    assert result.job is not None and result.job.status == "partially_applied"
    assert result.line(2).status == "applied"
    assert {line.line for line in result.lines if line.status != "applied"} == {3, 4, 5, 6, 7}
    assert (result.job.applied_lines, result.job.error_lines) == (1, 5)
    assert await _state(demo, invoice.id) == [(Decimal("50.00"), Decimal("0.00"), Decimal("0.00"))]


async def test_a_file_with_the_wrong_header_is_refused_whole(app: Any, api: Api, factory: Any) -> None:
    await _clerk(api, factory)
    result = await import_file(app, api, b"ref,amount\nA,1.00\n", file_format="lockbox_csv")
    assert result.job is not None and result.job.status == "rejected"
    assert "must be exactly this header" in result.job.message


async def test_a_file_of_no_known_format_is_refused_at_once(api: Api, factory: Any) -> None:
    await _clerk(api, factory)
    response = await submit(api, b"hello, this is not a remittance")
    assert response.status_code == 422 and "format" in response.json()["message"]


async def test_customers_cannot_import(api: Api, factory: Any) -> None:
    customer = await factory.user("customer_admin", await factory.account())
    await api.login(customer.email, "correct horse battery")
    assert (await submit(api, HEADER.encode())).status_code == 403


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


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paid=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("150.00"), places=2))
async def test_a_payment_never_takes_more_than_the_invoice_and_a_short_pay_is_held(
    paid: Decimal, app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    result = await import_file(
        app,
        api,
        (
            HEADER + f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},{paid},{invoice.number},{paid},0,,,\n"
        ).encode(),
    )
    (state,) = await _state(demo, invoice.id)
    assert result.job is not None and result.job.status == "applied"
    if Decimal("50.00") <= paid <= Decimal("100.00"):
        # An unexplained short pay is a deduction for the rest: it stays open and held.
        assert result.line(2).status == "applied"
        assert state == (paid, Decimal("100.00") - paid, Decimal("100.00") - paid)
    elif paid < Decimal("50.00"):
        # Less than half, with no word of the rest: a partial payment or a deduction? A person decides; the cash
        # waits on the payment and the invoice is untouched (it was a deduction for most of the invoice).
        assert result.line(2).status == "exception"
        assert f"Pays {paid} of the 100.00 open on {invoice.number}" in result.line(2).message
        assert state == (Decimal("0.00"), Decimal("100.00"), Decimal("0.00"))
    else:
        # More than is open: the cash waits on the payment for staff to decide; the invoice is untouched.
        assert result.line(2).status == "exception"
        assert state == (Decimal("0.00"), Decimal("100.00"), Decimal("0.00"))


line_specs = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(["number", "lower", "typo", "none"]),
        st.decimals(min_value=Decimal("0.00"), max_value=Decimal("120.00"), places=2),
        st.decimals(min_value=Decimal("0.00"), max_value=Decimal("30.00"), places=2),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=line_specs, accept_valid=st.booleans())
async def test_after_any_import_every_invoice_balances_and_importing_again_changes_nothing(
    specs: list[tuple[int, str, Decimal, Decimal]], accept_valid: bool, app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoices = [await factory.invoice(account, total=Decimal(t)) for t in ("100.00", "45.50", "120.00", "8.00")]
    rows = []
    for n, (which, style, paid, adjustment) in enumerate(specs):
        number = invoices[which].number
        reference = {"number": number, "lower": number.lower(), "typo": number[:-1] + "#", "none": ""}[style]
        if paid == 0 and adjustment == 0:
            paid = Decimal("1.00")
        rows.append(
            f"CHK-{n}-{uuid.uuid4().hex[:6]},2026-11-20,{account.number},{paid},{reference},{paid},{adjustment},,,short\n"
        )
    content = (HEADER + "".join(rows)).encode()

    first = await import_file(app, api, content, accept_valid=accept_valid)
    snapshot = await _books(demo, account.id)
    again = await import_file(app, api, content, accept_valid=accept_valid)
    reordered = await import_file(app, api, (HEADER + "".join(reversed(rows))).encode(), accept_valid=accept_valid)

    assert first.job is not None and first.job.status in {"applied", "partially_applied", "rejected"}
    assert again.answer["duplicate"] is True or first.job.status == "rejected"
    if first.job.status != "rejected" and not reordered.answer["duplicate"]:
        assert reordered.job is not None
        assert all(line.status == "skipped" for line in reordered.lines if line.status not in {"error", "not_applied"})
    assert await _books(demo, account.id) == snapshot
    for invoice in snapshot["invoices"]:
        total, paid, credited, written_off, disputed, open_balance = invoice
        assert open_balance == total - paid - credited - written_off and open_balance >= 0
        assert Decimal("0.00") <= disputed <= open_balance
    for amount, allocated, unapplied in snapshot["payments"]:
        assert allocated + unapplied == amount and unapplied >= 0


async def _books(demo: Any, account_id: uuid.UUID) -> dict[str, list[tuple[Decimal, ...]]]:
    async with system_session(demo) as db:
        invoices = (await db.execute(select(Invoice).where(Invoice.account_id == account_id))).scalars().all()
        payments = (await db.execute(select(Payment).where(Payment.account_id == account_id))).scalars().all()
        allocated = dict(
            (
                await db.execute(
                    select(PaymentAllocation.payment_id, func.sum(PaymentAllocation.amount))
                    .where(PaymentAllocation.account_id == account_id)
                    .group_by(PaymentAllocation.payment_id)
                )
            ).all()
        )
    return {
        "invoices": sorted(
            (i.total_amount, i.paid_amount, i.credited_amount, i.written_off_amount, i.disputed_amount, i.open_balance)
            for i in invoices
        ),
        "payments": sorted(
            (p.amount, Decimal(allocated.get(p.id, 0) or 0).quantize(Decimal("0.01")), p.unapplied_amount)
            for p in payments
        ),
    }


@pytest.mark.parametrize("file_format", ["lockbox_csv", "camt.054", "camt.053", "x12_820", "bai2", "edifact_remadv"])
async def test_every_format_applies_the_same_remittance_and_its_short_pay(
    file_format: str, app: Any, api: Api, factory: Any, demo: Any
) -> None:
    from datetime import date

    from tests.support.remittance_files import Row, write

    await _clerk(api, factory)
    account = await factory.account("Format Co")
    first = await factory.invoice(account, total=Decimal("100.00"))
    second = await factory.invoice(account, total=Decimal("250.00"))
    reference = f"PAY-{uuid.uuid4().hex[:8]}"
    rows = [
        Row(
            reference, date(2026, 11, 20), account.number, "Format Co", first.number, Decimal("100.00"), currency="USD"
        ),
        Row(
            reference,
            date(2026, 11, 20),
            account.number,
            "Format Co",
            second.number,
            Decimal("230.00"),
            adjustment_amount=Decimal("20.00"),
            adjustment_scheme="x12",
            adjustment_code="04",
            adjustment_text="Two cases damaged",
            currency="USD",
        ),
    ]

    result = await import_file(app, api, write(file_format, rows), filename=f"remittance.{file_format}")

    assert result.job is not None and result.job.file_format == file_format, result.answer
    assert (result.job.status, result.job.payments, result.job.deductions) == ("applied", 1, 1), result.job.message
    assert await _state(demo, first.id, second.id) == [
        (Decimal("100.00"), Decimal("0.00"), Decimal("0.00")),
        (Decimal("230.00"), Decimal("20.00"), Decimal("20.00")),
    ]
    async with system_session(demo) as db:
        deduction = (await db.execute(select(Dispute).where(Dispute.invoice_id == second.id))).scalar_one()
    assert deduction.amount == Decimal("20.00") and deduction.reason_code in {"DAMAGED"}


@pytest.mark.parametrize(
    ("sample", "message"),
    [("camt054_external_entity.xml", "DTD or entities"), ("camt054_billion_laughs.xml", "DTD or entities")],
)
async def test_xml_with_entities_is_refused_and_changes_nothing(
    sample: str, message: str, app: Any, api: Api, factory: Any
) -> None:
    from pathlib import Path

    await _clerk(api, factory)
    content = (Path(__file__).parent / "samples" / sample).read_bytes()
    result = await import_file(app, api, content, filename=sample, file_format="camt.054")
    assert result.job is not None and result.job.status == "rejected" and message in result.job.message
    assert result.job.payments == 0


async def test_an_error_mid_import_fails_it_with_nothing_applied_and_the_file_can_be_sent_again(
    app: Any, api: Api, factory: Any, demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.domain.cash.posting import Posting

    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("70.00"))
    content = (
        HEADER + f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},70.00,{invoice.number},70.00,0,,,\n"
    ).encode()
    real_finish = Posting.finish

    async def broken_finish(posting: Posting) -> Any:
        await real_finish(posting)  # everything inserted and moved, then the transaction breaks
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Posting, "finish", broken_finish)
    failed = await import_file(app, api, content)
    monkeypatch.setattr(Posting, "finish", real_finish)
    again = await import_file(app, api, content)

    assert failed.job is not None and failed.job.status == "failed" and "nothing was applied" in failed.job.message
    assert again.answer["duplicate"] is False and again.job is not None and again.job.status == "applied"
    assert await _state(demo, invoice.id) == [(Decimal("70.00"), Decimal("0.00"), Decimal("0.00"))]
    async with system_session(demo) as db:
        payments = (
            await db.execute(select(func.count()).select_from(Payment).where(Payment.account_id == account.id))
        ).scalar_one()
    assert payments == 1


async def test_lines_sharing_a_source_line_keep_their_own_deductions(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    from datetime import date

    from tests.support.remittance_files import Row, write

    await _clerk(api, factory)
    account = await factory.account("Minified Co")
    first = await factory.invoice(account, total=Decimal("100.00"))
    second = await factory.invoice(account, total=Decimal("200.00"))
    reference = f"E2E-{uuid.uuid4().hex[:8]}"
    rows = [
        Row(reference, date(2026, 11, 20), account.number, "Minified Co", first.number, Decimal("90.00"),
            adjustment_amount=Decimal("10.00"), adjustment_text="damaged", currency="USD"),
        Row(reference, date(2026, 11, 20), account.number, "Minified Co", second.number, Decimal("180.00"),
            adjustment_amount=Decimal("20.00"), adjustment_text="shortage", currency="USD"),
    ]  # fmt: skip
    minified = write("camt.054", rows).replace(b"\n", b"")  # a bank's file on one line

    result = await import_file(app, api, minified, file_format="camt.054")

    assert result.job is not None and (result.job.status, result.job.deductions) == ("applied", 2)
    assert len({line.line for line in result.lines}) == 1  # both lines are on line 1 of the file
    async with system_session(demo) as db:
        cases = {d.id: d for d in (await db.execute(select(Dispute).where(Dispute.account_id == account.id))).scalars()}
    by_invoice = {cases[line.deduction_id].invoice_id: line for line in result.lines if line.deduction_id}
    assert by_invoice[first.id].applied_to[0]["number"] == first.number
    assert by_invoice[second.id].applied_to[0]["number"] == second.number
    assert {line.payment_id for line in result.lines} != {None}
