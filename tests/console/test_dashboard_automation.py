"""The dashboard's automation rates count what the machine did, per ISO week and per customer.

The rows are built in one transaction that is rolled back (nothing stays for the rest of the suite), in weeks of
2003 that no other test writes to, so every count is exact.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount, Organisation
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.dashboard.automation import Automation, Rate, automation
from backend.domain.disputes.enums import DisputeStatus
from backend.domain.disputes.models import Dispute
from backend.domain.disputes.transitions import move_to
from backend.domain.documents.models import Document
from backend.domain.invoices import ledger
from backend.domain.invoices.models import Invoice
from backend.domain.resolution.service import credit_case, write_off_case
from tests.support.api import Api
from tests.support.factories import unique

NOW = datetime(2003, 6, 11, 15, 0, tzinfo=UTC)  # a Wednesday of ISO week 2003-W24
THIS_WEEK = datetime(2003, 6, 9, 9, 0, tzinfo=UTC)  # its Monday
LAST_WEEK = datetime(2003, 6, 8, 23, 30, tzinfo=UTC)  # the Sunday before: 2003-W23


class Book:
    """Rows of a test in one session: two customers, their invoices, cases, documents and remittance lines."""

    def __init__(self, db: AsyncSession, staff_id: uuid.UUID) -> None:
        self.db = db
        self.staff_id = staff_id

    async def account(self, name: str) -> CustomerAccount:
        org_id = (await self.db.execute(select(Organisation.id).limit(1))).scalar_one()
        account = CustomerAccount(
            organisation_id=org_id,
            number=unique("T-AUTO-"),
            name=name,
            currency="USD",
            payment_terms_days=30,
            credit_limit=Decimal("1000.00"),
        )
        self.db.add(account)
        await self.db.flush()
        return account

    async def case(
        self, account: CustomerAccount, *, origin: str, reason: str = "SHORTAGE", created: datetime = LAST_WEEK
    ) -> tuple[Dispute, Invoice]:
        """An open case of 10.00 on an invoice of its own (100.00)."""
        invoice = Invoice(
            account_id=account.id,
            number=unique("INV-AUTO-"),
            issue_date=date(2003, 3, 1),
            due_date=date(2003, 3, 31),
            currency="USD",
            total_amount=Decimal("100.00"),
            paid_amount=Decimal("0.00"),
            open_balance=Decimal("100.00"),
            disputed_amount=Decimal("10.00"),
        )
        self.db.add(invoice)
        await self.db.flush()
        dispute = Dispute(
            account_id=account.id,
            invoice_id=invoice.id,
            reason_code=reason,
            origin=origin,
            status=DisputeStatus.NEW.value,
            amount=Decimal("10.00"),
            description="",
            due_on=date(2003, 7, 1),
            created_at=created,
        )
        self.db.add(dispute)
        await self.db.flush()
        return dispute, invoice

    async def document(self, account: CustomerAccount, *, dispute: Dispute | None, invoice: Invoice) -> None:
        self.db.add(
            Document(
                account_id=account.id,
                dispute_id=dispute.id if dispute else None,
                invoice_id=invoice.id,
                storage_key=f"{account.id}/{uuid.uuid4()}",
                filename="pod.pdf",
                content_type="application/pdf",
                size_bytes=10,
                sha256=uuid.uuid4().hex * 2,
                status="stored",
                created_at=LAST_WEEK,
            )
        )
        await self.db.flush()

    async def deduction(
        self, account: CustomerAccount, *, reason: str, created: datetime, evidence: str | None = None
    ) -> None:
        """A deduction taken from a remittance; ``evidence`` "case" or "invoice" links a stored document there."""
        dispute, invoice = await self.case(account, origin="remittance", reason=reason, created=created)
        if evidence is not None:
            await self.document(account, dispute=dispute if evidence == "case" else None, invoice=invoice)

    async def imported(self, at: datetime, lines: list[tuple[CustomerAccount | None, str]]) -> None:
        """An import run at ``at`` with one line of each (customer, status)."""
        job = RemittanceImport(
            sha256=uuid.uuid4().hex * 2, filename="auto.csv", status="applied", line_count=len(lines), imported_at=at
        )
        self.db.add(job)
        await self.db.flush()
        self.db.add_all(
            RemittanceLineRecord(
                import_id=job.id, line=n, status=status, account_id=account.id if account else None, received_on=None
            )
            for n, (account, status) in enumerate(lines, start=1)
        )
        await self.db.flush()

    async def written_off(self, case: tuple[Dispute, Invoice], *, by: uuid.UUID, at: datetime) -> None:
        dispute, invoice = case
        await write_off_case(self.db, dispute, invoice, actor_user_id=by, note="Written off.", now=at)

    async def denied(self, case: tuple[Dispute, Invoice], *, at: datetime) -> None:
        dispute, invoice = case
        ledger.release_dispute(invoice, dispute.amount)
        await move_to(
            self.db, dispute, DisputeStatus.RESOLVED_INVALID, actor_user_id=self.staff_id, action="case.denied",
            note="Denied.", now=at,
        )  # fmt: skip

    async def withdrawn(self, case: tuple[Dispute, Invoice], *, at: datetime) -> None:
        dispute, invoice = case
        ledger.release_dispute(invoice, dispute.amount)
        await move_to(
            self.db, dispute, DisputeStatus.WITHDRAWN, actor_user_id=self.staff_id, action="dispute.withdrawn",
            note="Withdrawn.", now=at,
        )  # fmt: skip

    async def reopened(self, case: tuple[Dispute, Invoice], *, at: datetime) -> None:
        dispute, invoice = case
        ledger.reverse_write_off(invoice, dispute.amount)
        ledger.hold_for_dispute(invoice, dispute.amount)
        await move_to(
            self.db, dispute, DisputeStatus.IN_REVIEW, actor_user_id=self.staff_id, action="case.reopened",
            note="Reopened.", now=at,
        )  # fmt: skip


async def _two_weeks_of_work(book: Book) -> tuple[CustomerAccount, CustomerAccount]:
    """Alpha and Beta's lines, deductions and closures in 2003-W23 and 2003-W24, and some that must not count."""
    alpha, beta = await book.account("Alpha Stores"), await book.account("Beta Markets")

    # Lines. W23: 5 auto-matched of 7 payment lines (errors, skipped and not-applied lines are no payment).
    await book.imported(
        LAST_WEEK,
        [(alpha, "applied")] * 3
        + [(alpha, "exception"), (alpha, "error"), (alpha, "skipped")]
        + [(beta, "applied"), (beta, "confirmed"), (None, "applied")],
    )
    # W24: 3 of 5.
    await book.imported(
        THIS_WEEK, [(alpha, "applied"), (alpha, "not_applied")] + [(beta, "applied")] * 2 + [(beta, "exception")] * 2
    )
    # Outside the twelve weeks, before and after: never counted.
    await book.imported(THIS_WEEK - timedelta(weeks=12), [(alpha, "applied")] * 5)
    await book.imported(THIS_WEEK + timedelta(weeks=1), [(alpha, "applied")] * 5)

    # Deductions from remittances. W23 (Alpha): classified with evidence on the case; unexplained with evidence;
    # classified without evidence → 1 of 3. W24 (Beta): classified, evidence on its invoice → 1 of 1.
    await book.deduction(alpha, reason="SHORTAGE", created=LAST_WEEK, evidence="case")
    await book.deduction(alpha, reason="OTHER", created=LAST_WEEK, evidence="case")
    await book.deduction(alpha, reason="PRICING", created=LAST_WEEK)
    await book.deduction(beta, reason="DAMAGED", created=THIS_WEEK, evidence="invoice")
    # A portal dispute with evidence is no deduction taken from a remittance.
    portal, invoice = await book.case(beta, origin="portal", created=THIS_WEEK)
    await book.document(beta, dispute=portal, invoice=invoice)

    # Closures (cases opened long before). W23 (Alpha): a rule wrote one off, a person denied one, one was
    # withdrawn (not counted) → 1 of 2. W24 (Beta): a rule approved one; one a rule wrote off in W23 was reopened
    # and written off by a person in W24 → 1 of 2, and nothing of it in W23.
    old = THIS_WEEK - timedelta(weeks=20)
    await book.written_off(await book.case(alpha, origin="portal", created=old), by=SYSTEM_USER_ID, at=LAST_WEEK)
    await book.denied(await book.case(alpha, origin="portal", created=old), at=LAST_WEEK)
    await book.withdrawn(await book.case(alpha, origin="portal", created=old), at=LAST_WEEK)
    dispute, invoice = await book.case(beta, origin="portal", created=old)
    await credit_case(
        book.db, dispute, invoice, granted=dispute.amount, actor_user_id=SYSTEM_USER_ID, note="", now=THIS_WEEK
    )
    taken_back = await book.case(beta, origin="portal", created=old)
    await book.written_off(taken_back, by=SYSTEM_USER_ID, at=LAST_WEEK)
    await book.reopened(taken_back, at=THIS_WEEK)
    await book.written_off(taken_back, by=book.staff_id, at=THIS_WEEK + timedelta(hours=1))
    return alpha, beta


async def _measured(demo: Any, factory: Any) -> tuple[Automation, int, CustomerAccount, CustomerAccount]:
    """The rates at NOW over the two weeks of work, and how many statements they took; nothing is kept."""
    staff = await factory.user("credit_manager")
    async with system_session(demo) as db:
        alpha, beta = await _two_weeks_of_work(Book(db, staff.id))
        statements: list[str] = []

        def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            statements.append(statement)

        engine = db.get_bind()
        event.listen(engine, "before_cursor_execute", count)
        try:
            result = await automation(db, now=NOW)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        await db.rollback()
    return result, len(statements), alpha, beta


async def test_weekly_rates_count_what_the_machine_did(demo: Any, factory: Any) -> None:
    # given two weeks of lines, deductions and closures, some by the machine and some by people
    # when the rates are read in the second week
    result, _, _, _ = await _measured(demo, factory)

    # then there are twelve ISO weeks, the current one last, the ten before empty
    assert [w.week for w in result.weeks][-3:] == ["2003-W22", "2003-W23", "2003-W24"]
    assert len(result.weeks) == 12 and result.weeks[0].week == "2003-W13"
    assert result.since == date(2003, 3, 24) == result.weeks[0].week_start
    assert all(
        (w.lines_auto_matched, w.short_pays_classified, w.closed_by_rule) == (Rate(0, 0),) * 3
        for w in result.weeks[:10]
    )
    last, this = result.weeks[10], result.weeks[11]
    assert (last.lines_auto_matched, this.lines_auto_matched) == (Rate(5, 7), Rate(3, 5))
    assert (last.short_pays_classified, this.short_pays_classified) == (Rate(1, 3), Rate(1, 1))
    assert (last.closed_by_rule, this.closed_by_rule) == (Rate(1, 2), Rate(1, 2))
    assert last.lines_auto_matched.percent == Decimal("71.4") and last.short_pays_classified.percent == Decimal("33.3")
    assert result.weeks[0].closed_by_rule.percent is None


async def test_customer_rates_cover_the_twelve_weeks_largest_line_volume_first(demo: Any, factory: Any) -> None:
    # given Beta with 6 payment lines and Alpha with 5 (lines of no known customer belong to nobody)
    # when the rates are read
    result, _, alpha, beta = await _measured(demo, factory)

    # then both customers are listed, Beta first, each with its own three rates
    assert [(c.account_id, c.number, c.name) for c in result.customers] == [
        (beta.id, beta.number, "Beta Markets"),
        (alpha.id, alpha.number, "Alpha Stores"),
    ]
    b, a = result.customers
    assert (b.lines_auto_matched, b.short_pays_classified, b.closed_by_rule) == (Rate(3, 6), Rate(1, 1), Rate(1, 2))
    assert (a.lines_auto_matched, a.short_pays_classified, a.closed_by_rule) == (Rate(4, 5), Rate(1, 3), Rate(1, 2))
    assert a.lines_auto_matched.percent == Decimal("80.0")


async def test_the_rates_take_six_statements_whatever_the_data(demo: Any, factory: Any) -> None:
    _, statements, _, _ = await _measured(demo, factory)

    assert statements == 6


async def test_staff_read_the_automation_section_and_customers_are_refused(api: Api) -> None:
    query = """{ dashboard { automation { since weeks { week weekStart linesAutoMatched { done total percent }
      shortPaysClassified { done total } closedByRule { done total } }
      customers { accountId number name linesAutoMatched { done total percent } } } } }"""
    await api.login("credit@recoup.example")

    board = (await api.graphql(query))["data"]["dashboard"]["automation"]

    weeks = board["weeks"]
    year, week, _ = datetime.now(UTC).date().isocalendar()
    assert (
        len(weeks) == 12 and weeks[-1]["week"] == f"{year:04d}-W{week:02d}" and weeks[0]["weekStart"] == board["since"]
    )
    assert [w["weekStart"] for w in weeks] == sorted(w["weekStart"] for w in weeks)
    assert all(w[m]["done"] <= w[m]["total"] for w in weeks for m in ("linesAutoMatched", "closedByRule"))
    totals = [c["linesAutoMatched"]["total"] for c in board["customers"]]
    assert totals == sorted(totals, reverse=True) and len(totals) <= 20

    await api.logout()
    await api.login("ap@northwind.example")
    refused = await api.graphql(query)
    assert refused["data"] is None and refused["errors"][0]["message"] == "You are not allowed to do this."
