"""Properties of matching and allocation, over generated invoices and remittance lines (no database needed)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.domain.cash.importer import Matcher
from backend.domain.cash.matching import OpenInvoice
from backend.domain.cash.remittance import RemittanceLine
from backend.domain.invoices.references import normalise_reference

ZERO = Decimal("0.00")
DAY = date(2026, 11, 1)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500.00"), places=2)


@st.composite
def books(draw: st.DrawFn) -> tuple[list[OpenInvoice], list[RemittanceLine], dict[str, uuid.UUID]]:
    accounts = [uuid.uuid4() for _ in range(draw(st.integers(1, 3)))]
    invoices = []
    for n in range(draw(st.integers(1, 12))):
        number = f"INV-{draw(st.integers(1, 40)):05d}-{n}"
        invoices.append(
            OpenInvoice(
                id=uuid.uuid4(),
                account_id=draw(st.sampled_from(accounts)),
                number=number,
                number_key=normalise_reference(number),
                po_key=None,
                collectible=draw(amounts),
                issue_date=DAY,
                due_date=DAY + timedelta(days=draw(st.integers(0, 60))),
            )
        )
    lines = []
    for n in range(draw(st.integers(1, 15))):
        target = draw(st.sampled_from(invoices))
        reference = draw(st.sampled_from([target.number, target.number.lower(), "", "junk", target.number[:-1] + "9"]))
        paid = draw(st.one_of(st.just(target.collectible), amounts))
        lines.append(
            RemittanceLine(
                line=n + 2,
                payment_reference=f"P{n}",
                received_on=DAY + timedelta(days=draw(st.integers(0, 60))),
                customer_number=f"C{accounts.index(target.account_id)}",
                customer_name="",
                payment_amount=paid,
                currency="",
                invoice_reference=reference,
                paid_amount=paid,
                adjustment_amount=draw(st.one_of(st.just(ZERO), amounts)),
                adjustment_scheme="",
                adjustment_code="",
                adjustment_text="",
            )
        )
    return invoices, lines, {f"C{n}": account for n, account in enumerate(accounts)}


@settings(max_examples=300, deadline=None)
@given(book=books(), threshold=st.sampled_from([Decimal("0.50"), Decimal("0.85"), Decimal("0.90"), Decimal("1.00")]))
def test_allocations_never_exceed_the_line_or_the_invoice(
    book: tuple[list[OpenInvoice], list[RemittanceLine], dict[str, uuid.UUID]], threshold: Decimal
) -> None:
    invoices, lines, customers = book
    matcher = Matcher(None, threshold)  # type: ignore[arg-type]  # no database: the index is filled here
    for invoice in invoices:
        matcher.index.add(invoice)
    matcher.index.complete_accounts.update(customers.values())
    matcher.accounts.update(customers)

    plans = [matcher._plan(line) for line in lines]

    used: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for plan, line in zip(plans, lines, strict=True):
        if plan.status != "applied":
            assert plan.allocations == []
            continue
        assert plan.candidate is not None and plan.candidate.confidence >= threshold
        assert sum((a.amount for a in plan.allocations), ZERO) == line.paid_amount
        for allocation in plan.allocations:
            assert allocation.amount >= ZERO and allocation.held >= ZERO
            assert allocation.invoice.account_id == plan.account_id
            used[allocation.invoice.id] += allocation.amount + allocation.held
    for invoice in invoices:
        assert used[invoice.id] <= invoice.collectible
