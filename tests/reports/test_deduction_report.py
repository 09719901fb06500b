"""The deductions report on a quarter of two customers' book worked out by hand: recovery, written off by rule and by
person, open deductions by age, new against decided per week, accounts on hold and the machine's share; the
customers add up to the total, an empty period is no data, and the work queue shows exactly the cases behind a
figure."""

from __future__ import annotations

import itertools
import string
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import update

from backend.db.engine import system_session
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.credit.models import CreditHold
from backend.domain.disputes.models import Dispute, DisputeStatusChange
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.reports.case_filters import CaseFilters
from backend.domain.reports.deductions import DeductionFilters, DeductionReport, Money, deduction_report, flow_spans
from backend.domain.reports.receivables import receivables_report
from tests.support.api import Api

D = Decimal
# Each book in a currency of its own (QAA, QAB, …): the rows stay for the session, and the totals must be one
# book's alone.
_CODES = ("Q" + "".join(pair) for pair in itertools.product(string.ascii_uppercase, repeat=2))
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class Book:
    a: Any
    b: Any
    clerk: Any
    cases: dict[str, uuid.UUID]
    currency: str


async def _case(
    db: Any,
    invoice: Invoice,
    amount: str,
    reason: str,
    opened: date,
    *,
    status: str = "new",
    decided: date | None = None,
    by: uuid.UUID | None = None,
    origin: str = "portal",
    assignee: uuid.UUID | None = None,
) -> uuid.UUID:
    case = Dispute(account_id=invoice.account_id, invoice_id=invoice.id, reason_code=reason, origin=origin,
                   status=status, amount=D(amount), description="", due_on=opened, created_at=_at(opened),
                   resolved_at=_at(decided) if decided else None, assignee_id=assignee)  # fmt: skip
    db.add(case)
    await db.flush()
    if decided is not None:
        # the closing change, made at the decision by whoever decided (the system actor: a rule)
        db.add(DisputeStatusChange(account_id=invoice.account_id, dispute_id=case.id, from_status="new",
                                   to_status=status, changed_at=_at(decided), actor_user_id=by))  # fmt: skip
    return case.id


async def _pay(db: Any, invoice: Invoice, amount: str, received: date) -> uuid.UUID:
    payment = Payment(account_id=invoice.account_id, reference=f"P-{uuid.uuid4().hex[:8]}", received_on=received,
                      method="wire", currency=invoice.currency, amount=D(amount), unapplied_amount=D("0.00"))  # fmt: skip
    db.add(payment)
    await db.flush()
    db.add(PaymentAllocation(account_id=invoice.account_id, payment_id=payment.id, invoice_id=invoice.id,
                             amount=D(amount), created_at=_at(received, 15)))  # fmt: skip
    return payment.id


async def _book(demo: Any, factory: Any) -> Book:
    """January–March 2026 in a currency of its own, two customers:

    A (on hold from 1 March): invoice A1 of 1,000.00 (5 Jan), 900.00 paid 8 Jan. Case c1, 100.00 PRICING, opened
    10 Jan, denied 20 Jan; 100.00 paid 1 Feb: all recovered. Open at 31 March: c5 60.00 DAMAGED from a remittance
    with evidence (25 Mar, 6 days old), c7 90.00 PRICING (10 Dec 2025, 111 days).

    B (on hold 1 Jan – 15 Mar): invoice B1 of 500.00 (2 Feb). Case c2, 80.00 RETURN, assigned to the clerk, opened
    3 Feb, denied 10 Mar; 30.00 paid 20 Mar (recovered), 50.00 paid 2 April (after the quarter). Invoice B2 of
    300.00: c3 20.00 SHORTAGE opened 5 Mar, written off by a rule 6 Mar; c4 40.00 SHORTAGE opened 1 Jan, written
    off by the clerk 15 Mar; c6 70.00 DAMAGED from a remittance without evidence (15 Feb, 44 days); c8 25.00
    SHORTAGE opened 2 Jan, found valid 2 April (open at the quarter's end, 88 days); c9 10.00 OTHER opened 1 Jan,
    withdrawn 2 Feb (neither open nor decided).
    """
    currency = next(_CODES)
    a, b = await factory.account("Book A"), await factory.account("Book B")
    clerk = await factory.user("ar_clerk")
    invoices = {}
    for name, account, total, issued in (("A1", a, "1000.00", date(2026, 1, 5)), ("B1", b, "500.00", date(2026, 2, 2)),
                                         ("B2", b, "300.00", date(2026, 2, 2))):  # fmt: skip
        invoices[name] = await factory.invoice(account, total=D(total), issue=issued)
    async with system_session(demo) as db:
        for account in (a, b):
            (await db.get(type(account), account.id)).currency = currency  # type: ignore[union-attr]
        for name, invoice in invoices.items():
            invoices[name] = await db.get(Invoice, invoice.id)  # type: ignore[assignment]
            invoices[name].currency = currency
        a1, b1, b2 = invoices["A1"], invoices["B1"], invoices["B2"]
        cases = {
            "c1": await _case(db, a1, "100.00", "PRICING", date(2026, 1, 10), status="resolved_invalid",
                              decided=date(2026, 1, 20), by=clerk.id),
            "c2": await _case(db, b1, "80.00", "RETURN", date(2026, 2, 3), status="resolved_invalid",
                              decided=date(2026, 3, 10), by=clerk.id, assignee=clerk.id),
            "c3": await _case(db, b2, "20.00", "SHORTAGE", date(2026, 3, 5), status="written_off",
                              decided=date(2026, 3, 6), by=SYSTEM_USER_ID),
            "c4": await _case(db, b2, "40.00", "SHORTAGE", date(2026, 1, 1), status="written_off",
                              decided=date(2026, 3, 15), by=clerk.id),
            "c5": await _case(db, a1, "60.00", "DAMAGED", date(2026, 3, 25), origin="remittance"),
            "c6": await _case(db, b2, "70.00", "DAMAGED", date(2026, 2, 15), origin="remittance"),
            "c7": await _case(db, a1, "90.00", "PRICING", date(2025, 12, 10)),
            "c8": await _case(db, b2, "25.00", "SHORTAGE", date(2026, 1, 2), status="resolved_valid",
                              decided=date(2026, 4, 2), by=clerk.id),
            "c9": await _case(db, b2, "10.00", "OTHER", date(2026, 1, 1), status="withdrawn",
                              decided=date(2026, 2, 2)),
        }  # fmt: skip
        short = await _pay(db, a1, "900.00", date(2026, 1, 8))
        await _pay(db, a1, "100.00", date(2026, 2, 1))
        await _pay(db, b1, "30.00", date(2026, 3, 20))
        await _pay(db, b1, "50.00", date(2026, 4, 2))
        db.add(CreditHold(account_id=a.id, reasons="Past due", kinds="past_due", placed_at=_at(date(2026, 3, 1))))
        db.add(CreditHold(account_id=b.id, reasons="Past due", kinds="past_due", placed_at=_at(date(2026, 1, 1)),
                          released_at=_at(date(2026, 3, 15))))  # fmt: skip
        job = RemittanceImport(sha256=uuid.uuid4().hex * 2, filename="nok.csv", status="applied", line_count=2,
                               imported_at=_at(date(2026, 3, 2)))  # fmt: skip
        db.add(job)
        await db.flush()
        for line, status in ((1, "applied"), (2, "exception"), (3, "error")):
            db.add(RemittanceLineRecord(import_id=job.id, line=line, status=status, account_id=a.id))
        # the 8 January payment's remittance held c1's 100.00 back: a short payment (imported long before)
        old = RemittanceImport(sha256=uuid.uuid4().hex * 2, filename="old.csv", status="applied", line_count=1,
                               imported_at=_at(date(2025, 1, 8)))  # fmt: skip
        db.add(old)
        await db.flush()
        db.add(RemittanceLineRecord(import_id=old.id, line=1, status="applied", payment_id=short,
                                    deduction_id=cases["c1"]))  # fmt: skip
        await db.commit()
    c5 = await _get(demo, cases["c5"])
    await factory.document(a.id, dispute=c5)
    return Book(a, b, clerk, cases, currency)


async def _get(demo: Any, case_id: uuid.UUID) -> Dispute:
    async with system_session(demo) as db:
        found = await db.get(Dispute, case_id)
        assert found is not None
        return found


async def _report(
    demo: Any, book: Book, period: tuple[date, date] = Q1, account_id: Any = None, **cases: Any
) -> DeductionReport:
    async with system_session(demo) as db:
        return await deduction_report(
            db,
            filters=DeductionFilters(book.currency, account_id, CaseFilters(**cases)),
            start=period[0],
            end=period[1],
        )


def _m(amount: str, count: int) -> Money:
    return Money(D(amount), count)


async def test_a_quarter_worked_out_by_hand(demo: Any, factory: Any) -> None:
    # given
    book = await _book(demo, factory)

    # when
    report = await _report(demo, book)

    # then: denied 100.00 (A1) + 80.00 (B1); back 100.00 + 30.00 (the 2 April payment is after the quarter)
    assert (report.recovery.invalid, report.recovery.recovered) == (_m("180.00", 2), D("130.00"))
    assert report.recovery.rate == D("0.7222")  # 130 / 180
    (shortage,) = report.written_off
    assert (shortage.reason_code, shortage.by_rule, shortage.by_person) == ("SHORTAGE", _m("20.00", 1), _m("40.00", 1))
    # 31 March: c5 6 days, c6 44, c8 88 (found valid only on 2 April), c7 111; c9 was withdrawn
    assert [(b.key, b.open) for b in report.open_by_age] == [
        ("0-30", _m("60.00", 1)),
        ("31-60", _m("70.00", 1)),
        ("61-90", _m("25.00", 1)),
        ("90+", _m("90.00", 1)),
    ]
    # 31-60 days old on 31 March: opened 30 January (60 days before) to 28 February (31 days before)
    assert [(b.opened_from, b.opened_to) for b in report.open_by_age][1] == (date(2026, 1, 30), date(2026, 2, 28))
    assert report.flow_unit == "week" and len(report.flow) == 14  # Thursday 1 January to Tuesday 31 March
    weeks = {(f.start, f.end): (f.opened, f.decided) for f in report.flow}
    none = _m("0.00", 0)
    assert weeks[(date(2026, 1, 1), date(2026, 1, 4))] == (_m("75.00", 3), none)  # c4, c8, c9
    assert weeks[(date(2026, 1, 19), date(2026, 1, 25))] == (none, _m("100.00", 1))  # c1 denied
    assert weeks[(date(2026, 3, 2), date(2026, 3, 8))] == (_m("20.00", 1), _m("20.00", 1))  # c3 in and out
    assert weeks[(date(2026, 3, 9), date(2026, 3, 15))] == (none, _m("120.00", 2))  # c2 and c4
    assert weeks[(date(2026, 1, 26), date(2026, 2, 1))] == (none, none)  # c9 withdrawn 2 Feb is not decided
    assert sum(f.opened.count for f in report.flow) == 8  # every case but c7 (December)
    assert report.accounts_on_hold == 1  # A; B's hold ended 15 March
    assert (report.closed_by_rule.done, report.closed_by_rule.total) == (1, 4)  # c3 of c1–c4
    assert (report.short_pays_classified.done, report.short_pays_classified.total) == (1, 2)  # c5 has evidence
    assert report.closed_by_rule.share == D("0.2500")


async def test_the_reason_and_staff_filters_narrow_the_case_figures(demo: Any, factory: Any) -> None:
    book = await _book(demo, factory)

    pricing = await _report(demo, book, reason_code="PRICING")
    clerks = await _report(demo, book, assignee_id=book.clerk.id)

    assert (pricing.recovery.invalid, pricing.recovery.recovered, pricing.recovery.rate) == (
        _m("100.00", 1),
        D("100.00"),
        D("1.0000"),
    )
    assert pricing.written_off == ()
    assert [b.open for b in pricing.open_by_age] == [_m("0.00", 0)] * 3 + [_m("90.00", 1)]
    assert (clerks.recovery.invalid, clerks.recovery.recovered) == (_m("80.00", 1), D("30.00"))
    # accounts on hold are not narrowed by reason or staff
    assert pricing.accounts_on_hold == clerks.accounts_on_hold == 1


async def test_the_root_cause_filter_keeps_the_cases_decided_with_it(demo: Any, factory: Any) -> None:
    book = await _book(demo, factory)
    async with system_session(demo) as db:
        await db.execute(update(Dispute).where(Dispute.id == book.cases["c1"]).values(root_cause="pricing_master_data"))
        await db.commit()

    pricing_data = await _report(demo, book, root_cause="pricing_master_data")
    carrier = await _report(demo, book, root_cause="carrier")

    # c1: 100.00 denied and paid back; nothing else was found to be the pricing master data
    assert (pricing_data.recovery.invalid, pricing_data.recovery.recovered) == (_m("100.00", 1), D("100.00"))
    assert sum(f.decided.count for f in pricing_data.flow) == 1
    assert pricing_data.written_off == () and pricing_data.closed_by_rule.total == 1
    assert carrier.recovery.invalid == _m("0.00", 0) and sum(f.decided.count for f in carrier.flow) == 0


async def test_the_customers_add_up_to_the_total(demo: Any, factory: Any) -> None:
    book = await _book(demo, factory)

    total = await _report(demo, book)
    parts = [await _report(demo, book, account_id=account.id) for account in (book.a, book.b)]

    def added(moneys: list[Money]) -> Money:
        return Money(sum((m.amount for m in moneys), D("0.00")), sum(m.count for m in moneys))

    assert added([p.recovery.invalid for p in parts]) == total.recovery.invalid
    assert sum(p.recovery.recovered for p in parts) == total.recovery.recovered
    for n, bucket in enumerate(total.open_by_age):
        assert added([p.open_by_age[n].open for p in parts]) == bucket.open
    for n, span in enumerate(total.flow):
        assert added([p.flow[n].opened for p in parts]) == span.opened
        assert added([p.flow[n].decided for p in parts]) == span.decided
    written = [w for p in parts for w in p.written_off]
    assert added([w.by_rule for w in written]) == added([w.by_rule for w in total.written_off])
    assert added([w.by_person for w in written]) == added([w.by_person for w in total.written_off])
    assert sum(p.accounts_on_hold for p in parts) == total.accounts_on_hold
    # the lines carry no currency: one customer's are counted, A's two payment lines (the error line is none)
    assert (parts[0].lines_auto_matched.done, parts[0].lines_auto_matched.total) == (1, 2)


async def test_a_past_day_reads_the_hold_history(demo: Any, factory: Any) -> None:
    book = await _book(demo, factory)

    tenth_of_march = await _report(demo, book, (date(2026, 3, 1), date(2026, 3, 10)))

    assert tenth_of_march.accounts_on_hold == 2  # A since 1 March, B until 15 March


async def test_an_empty_period_is_no_data_not_a_division_error(demo: Any, factory: Any) -> None:
    book = await _book(demo, factory)

    report = await _report(demo, book, (date(2020, 1, 1), date(2020, 12, 31)))

    assert report.recovery.rate is None and report.recovery.invalid == _m("0.00", 0)
    assert report.written_off == ()
    assert report.closed_by_rule.share is None and report.short_pays_classified.share is None
    assert all(b.open == _m("0.00", 0) for b in report.open_by_age)
    assert report.flow_unit == "month" and len(report.flow) == 12
    assert report.accounts_on_hold == 0


def test_a_period_longer_than_a_quarter_goes_month_by_month() -> None:
    unit, spans = flow_spans(date(2026, 1, 15), date(2026, 5, 10))

    assert unit == "month"
    assert spans == [
        (date(2026, 1, 15), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 30)),
        (date(2026, 5, 1), date(2026, 5, 10)),
    ]


QUEUE = """
query($f: CaseFilter) { cases(first: 100, filter: $f) { totalCount edges { node { id amount } } } }"""
REPORT = """
query($currency: String, $reason: String) {
  deductionReport(currency: $currency, start: "2026-01-01", end: "2026-03-31", reason: $reason) {
    recovery { invalid { amount count } rate }
    writtenOff { reasonCode byRule { amount count } byPerson { amount count } }
    openByAge { key openedFrom openedTo open { amount count } }
  }
}"""


async def _ids(api: Api, currency: str, flt: dict[str, Any]) -> set[str]:
    found = (await api.graphql(QUEUE, {"f": {"currency": currency, **flt}}))["data"]["cases"]
    assert found["totalCount"] == len(found["edges"])
    return {e["node"]["id"] for e in found["edges"]}


async def test_the_queue_shows_exactly_the_cases_behind_each_figure(api: Api, factory: Any, demo: Any) -> None:
    book = await _book(demo, factory)
    manager = await factory.user("credit_manager")
    await api.login(manager.email, "correct horse battery")
    span = {"decidedAfter": "2026-01-01", "decidedBefore": "2026-03-31"}
    c = {name: str(case_id) for name, case_id in book.cases.items()}

    report = (await api.graphql(REPORT, {"currency": book.currency, "reason": "SHORTAGE"}))["data"]["deductionReport"]
    by_rule = await _ids(
        api, book.currency, {**span, "status": ["WRITTEN_OFF"], "reasonCodes": ["SHORTAGE"], "decidedBy": "RULE"}
    )
    by_person = await _ids(
        api, book.currency, {**span, "status": ["WRITTEN_OFF"], "reasonCodes": ["SHORTAGE"], "decidedBy": "PERSON"}
    )
    denied = await _ids(api, book.currency, {**span, "status": ["RESOLVED_INVALID"]})
    ages = {
        b["key"]: await _ids(
            api, book.currency, {"openAt": "2026-03-31", "openedAfter": b["openedFrom"], "openedBefore": b["openedTo"]}
        )
        for b in (await api.graphql(REPORT, {"currency": book.currency, "reason": None}))["data"]["deductionReport"][
            "openByAge"
        ]
    }

    (shortage,) = report["writtenOff"]
    assert (shortage["byRule"]["count"], shortage["byPerson"]["count"]) == (1, 1)
    assert (by_rule, by_person) == ({c["c3"]}, {c["c4"]})
    assert denied == {c["c1"], c["c2"]}
    assert ages == {"0-30": {c["c5"]}, "31-60": {c["c6"]}, "61-90": {c["c8"]}, "90+": {c["c7"]}}
    assert [b["open"]["count"] for b in report["openByAge"]] == [0, 0, 1, 0]  # SHORTAGE: c8 alone


INVOICES = """
query($f: InvoiceFilter) { invoices(first: 50, filter: $f) { totalCount edges { node { id number } } } }"""
CUSTOMER_INVOICES = """
query($a: ID!, $f: InvoiceFilter) {
  customerInvoices(accountId: $a, first: 50, filter: $f) { totalCount edges { node { id number } } }
}"""


async def test_the_invoice_list_shows_the_invoices_issued_in_the_period_in_the_currency(
    api: Api, factory: Any, demo: Any
) -> None:
    # given: invoicing accuracy's invoices, the book's three issued in the quarter
    book = await _book(demo, factory)
    manager = await factory.user("credit_manager")
    period = {"issuedFrom": "2026-01-01", "issuedTo": "2026-03-31", "currency": book.currency.lower()}

    # when
    await api.login(manager.email, "correct horse battery")
    staff = (await api.graphql(INVOICES, {"f": period}))["data"]["invoices"]
    of_b = (await api.graphql(CUSTOMER_INVOICES, {"a": str(book.b.id), "f": period}))["data"]["customerInvoices"]
    bad = await api.graphql(CUSTOMER_INVOICES, {"a": "nobody", "f": period})
    await api.logout()
    customer = await factory.user("customer_user", book.a)
    await api.login(customer.email, "correct horse battery")
    own = (await api.graphql(INVOICES, {"f": period}))["data"]["invoices"]
    asking_for_b = await api.graphql(CUSTOMER_INVOICES, {"a": str(book.b.id), "f": period})

    # then: one customer's alone (B1, B2) for a report on that customer; the customer still sees only their own (A1)
    assert staff["totalCount"] == 3
    assert sorted(e["node"]["number"] for e in of_b["edges"]) == sorted(
        [e["node"]["number"] for e in staff["edges"] if e["node"]["number"] != own["edges"][0]["node"]["number"]]
    )
    assert bad["errors"][0]["message"] == "That customer's id is not valid."
    assert own["totalCount"] == 1
    assert asking_for_b["data"] is None and asking_for_b["errors"]  # staff only


PAYMENTS = """
query($f: PaymentFilter) {
  receivedPayments(first: 50, filter: $f) {
    totalCount edges { node { payment { amount applications { invoiceNumber } } heldBack accountName } }
  }
}"""


async def test_the_payments_list_shows_the_payments_behind_the_payment_figures(
    api: Api, factory: Any, demo: Any
) -> None:
    # given: the quarter's payments (900.00 and 100.00 to A1, 30.00 to B1; 50.00 came in April), one short
    book = await _book(demo, factory)
    manager = await factory.user("credit_manager")
    async with system_session(demo) as db:
        report = await receivables_report(db, currency=book.currency, start=Q1[0], end=Q1[1])
    period = {"receivedFrom": "2026-01-01", "receivedTo": "2026-03-31", "currency": book.currency}

    # when
    await api.login(manager.email, "correct horse battery")
    received = (await api.graphql(PAYMENTS, {"f": period}))["data"]["receivedPayments"]
    short = (await api.graphql(PAYMENTS, {"f": {**period, "shortOnly": True}}))["data"]["receivedPayments"]
    b_only = (await api.graphql(PAYMENTS, {"f": {**period, "accountId": str(book.b.id)}}))["data"]

    # then: exactly the payments the report counted, and of them the short ones with what they held back
    assert received["totalCount"] == report.payments_received == 3
    assert short["totalCount"] == report.short_payments == 1
    (held,) = short["edges"]
    assert (D(held["node"]["payment"]["amount"]), D(held["node"]["heldBack"])) == (D("900.00"), report.short_amount)
    assert [e["node"]["payment"]["amount"] for e in b_only["receivedPayments"]["edges"]] == ["30.00"]
    assert len(held["node"]["payment"]["applications"]) == 1  # the invoice it paid (A1)


async def test_the_case_filters_narrow_the_receivables_case_figures_not_the_books(demo: Any, factory: Any) -> None:
    book = await _book(demo, factory)
    async with system_session(demo) as db:
        await db.execute(update(Dispute).where(Dispute.id == book.cases["c1"]).values(root_cause="pricing_master_data"))
        await db.commit()

    async def report(**cases: Any) -> Any:
        async with system_session(demo) as db:
            return await receivables_report(
                db, currency=book.currency, start=Q1[0], end=Q1[1], cases=CaseFilters(**cases)
            )

    everything, shortage, pricing_data = (
        await report(),
        await report(reason_code="SHORTAGE"),
        await report(root_cause="pricing_master_data"),
    )

    # SHORTAGE: c3 (20.00) and c4 (40.00) written off in the quarter, c8 decided in April; opened: c3, c4, c8
    assert (shortage.written_off, shortage.written_off_count) == (D("60.00"), 2)
    assert (shortage.decided_valid_count, shortage.decided_invalid_count) == (0, 0)
    assert (shortage.deductions_taken, shortage.deductions_taken_count) == (D("85.00"), 3)
    assert [r.reason_code for r in shortage.decided_by_reason] == ["SHORTAGE"]
    # the root cause found for c1 alone
    assert (pricing_data.decided_invalid, pricing_data.decided_invalid_count) == (D("100.00"), 1)
    assert pricing_data.written_off_count == 0 and pricing_data.valid_share == D("0")
    # the books are the whole books whatever the filter
    for narrowed in (shortage, pricing_data):
        assert (narrowed.receivables, narrowed.credit_sales, narrowed.dso_simple, narrowed.open_deductions) == (
            everything.receivables,
            everything.credit_sales,
            everything.dso_simple,
            everything.open_deductions,
        )
    assert everything.deductions_taken_count == 8 and everything.written_off_count == 2


FILTERED = """
query($c: String!, $r: String, $rc: RootCause, $a: ID) {
  receivablesReport(currency: $c, start: "2026-01-01", end: "2026-03-31", reason: $r, rootCause: $rc, assignee: $a) {
    decidedInvalidCount writtenOffCount accountId
  }
  deductionReport(currency: $c, start: "2026-01-01", end: "2026-03-31", reason: $r, rootCause: $rc, assignee: $a) {
    recovery { invalid { count } }
  }
  rootCauseReport(currency: $c, start: "2026-01-01", end: "2026-03-31", reason: $r, rootCause: $rc, assignee: $a) {
    rows { rootCause decided { count } }
  }
}"""


async def test_every_report_takes_the_reason_root_cause_and_staff_filters(api: Api, factory: Any, demo: Any) -> None:
    book = await _book(demo, factory)
    async with system_session(demo) as db:
        await db.execute(update(Dispute).where(Dispute.id == book.cases["c2"]).values(root_cause="carrier"))
        await db.commit()
    manager = await factory.user("credit_manager")
    await api.login(manager.email, "correct horse battery")

    async def counts(**filters: Any) -> tuple[int, int, int, list[tuple[str | None, int]]]:
        data = (await api.graphql(FILTERED, {"c": book.currency, **filters}))["data"]
        rows = [(r["rootCause"], r["decided"]["count"]) for r in data["rootCauseReport"]["rows"]]
        report = data["receivablesReport"]
        return (
            report["decidedInvalidCount"],
            report["writtenOffCount"],
            data["deductionReport"]["recovery"]["invalid"]["count"],
            rows,
        )

    # every case decided in the quarter: c1, c2 denied; c3, c4 written off
    assert await counts() == (2, 2, 2, [("CARRIER", 1), (None, 3)])
    assert await counts(rc="CARRIER") == (1, 0, 1, [("CARRIER", 1)])
    assert await counts(a=str(book.clerk.id)) == (1, 0, 1, [("CARRIER", 1)])  # c2 is the clerk's
    assert await counts(r="SHORTAGE", rc="CARRIER") == (0, 0, 0, [])
    bad = await api.graphql(FILTERED, {"c": book.currency, "a": "not-an-id"})
    assert bad["errors"][0]["message"] == "That staff member's id is not valid."
