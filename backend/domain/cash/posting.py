"""Phase 2 of an import: post the planned lines in one transaction, in bulk.

A constant number of statements per thousand lines: payments, allocations, deductions, their
timeline steps, the documents they pick up, the line records and the audit events are
inserted in bulk (``backend/db/bulk.py``: COPY on PostgreSQL); the invoice balances move in
guarded bulk UPDATEs (PostgreSQL: ``UPDATE … FROM unnest(arrays) … RETURNING`` per 10,000
invoices; SQLite: executemany with the row count checked), and if any
invoice no longer has the balance the plan counted on, the whole import is rolled back.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, Table, Uuid, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.bulk import bulk_insert, bulk_insert_tuples
from backend.db.ids import new_id
from backend.db.types import Money
from backend.domain.accounts.models import CustomerAccount
from backend.domain.administration.models import RoutingRule
from backend.domain.administration.service import active_routing_rules, assignee_for
from backend.domain.audit.service import EventRecord, EventSpool, append_events
from backend.domain.cash.importer import PlannedLine
from backend.domain.cash.models import MatchPattern, RemittanceImport, RemittanceLineRecord
from backend.domain.cash.reasons import ReasonMapper
from backend.domain.cash.remittance import RemittanceLine
from backend.domain.credit.assessment import assess
from backend.domain.disputes.enums import DisputeOrigin, DisputeStatus
from backend.domain.disputes.models import Dispute, DisputeStatusChange, ReasonCode
from backend.domain.documents.models import Document
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation

ZERO = Decimal("0.00")
CHUNK = 1000
ALLOCATION_COLUMNS = ("id", "account_id", "payment_id", "invoice_id", "amount", "created_at")
_MOVE_BALANCES_PG = """
UPDATE invoices AS i
   SET paid_amount = i.paid_amount + m.cash,
       open_balance = i.open_balance - m.cash,
       disputed_amount = i.disputed_amount + m.held,
       version = i.version + 1
  FROM unnest($1::uuid[], $2::numeric[], $3::numeric[]) AS m(id, cash, held)
 WHERE i.id = m.id AND i.open_balance - i.disputed_amount >= m.cash + m.held
RETURNING i.id
"""
METHODS = {
    "lockbox_csv": "lockbox",
    "bai2": "lockbox",
    "camt.053": "wire",
    "camt.054": "wire",
    "x12_820": "ach",
    "edifact_remadv": "wire",
}


class InvoiceChanged(Exception):
    """An invoice lost balance between matching and posting (someone else applied or disputed meanwhile)."""


@dataclass(frozen=True)
class DeductionRules:
    """What a new deduction needs to know, read once per import: the reason mapping, SLAs, routing."""

    mapper: ReasonMapper
    reasons: dict[str, ReasonCode]
    routing: list[RoutingRule]

    @classmethod
    async def load(cls, session: AsyncSession) -> DeductionRules:
        return cls(
            mapper=await ReasonMapper.load(session),
            reasons={r.code: r for r in (await session.execute(select(ReasonCode))).scalars()},
            routing=await active_routing_rules(session),
        )


def new_deduction(
    line: RemittanceLine,
    *,
    invoice_id: uuid.UUID,
    invoice_number: str,
    held: Decimal,
    account_id: uuid.UUID,
    rules: DeductionRules,
    actor_user_id: uuid.UUID | None,
    now: datetime,
) -> tuple[dict[str, Any], dict[str, Any], EventRecord]:
    """The rows of one deduction for the short pay ``held`` on a line: the case, its first step, its audit event.

    The reason is mapped from the adjustment code (or text); the case is routed by the routing rules.
    """
    reference = line.payment_reference
    reason_code, chosen = rules.mapper.reason_for(line.adjustment_scheme, line.adjustment_code, line.adjustment_text)
    reason = rules.reasons[reason_code]
    dispute_id = new_id()
    description = line.adjustment_text or (
        f"Short-paid {held} on payment {reference} without a reason."
        if line.adjustment_amount == ZERO
        else f"Short-paid on remittance {reference}."
    )
    probe = Dispute(account_id=account_id, reason_code=reason_code, amount=held)
    assignee = assignee_for(rules.routing, probe)
    status = DisputeStatus.ASSIGNED.value if assignee is not None else DisputeStatus.NEW.value
    case = {
        "id": dispute_id,
        "account_id": account_id,
        "invoice_id": invoice_id,
        "reason_code": reason_code,
        "origin": DisputeOrigin.REMITTANCE.value,
        "status": status,
        "amount": held,
        "description": description,
        "assignee_id": assignee,
        "due_on": now.date() + timedelta(days=reason.sla_days),
        "created_at": now,
        "version": 1,
    }
    step = {
        "id": new_id(),
        "account_id": account_id,
        "dispute_id": dispute_id,
        "from_status": None,
        "to_status": status,
        "changed_at": now,
        "actor_user_id": actor_user_id,
        "note": f"Deduction taken on payment {reference}.",
    }
    event = EventRecord(
        action="deduction.created",
        entity_type="dispute",
        entity_id=dispute_id,
        actor_user_id=actor_user_id,
        account_id=account_id,
        occurred_at=now,
        after={
            "invoice": invoice_number,
            "amount": held,
            "claimed": line.adjustment_amount,
            "reason_code": reason_code,
            "reason_from": chosen,
            "remittance": reference,
            "adjustment_code": line.adjustment_code,
            "assignee": str(assignee) if assignee else None,
        },
    )
    return case, step, event


@dataclass(frozen=True)
class Posted:
    payments: int
    deductions: int
    applied_amount: Decimal


async def _move_balances(session: AsyncSession, moves: dict[uuid.UUID, tuple[Decimal, Decimal]]) -> None:
    """paid += cash, open -= cash, disputed += held, only where open - disputed still covers cash + held."""
    table = Invoice.__table__
    assert isinstance(table, Table)
    items = sorted(moves.items())
    if session.get_bind().dialect.name == "postgresql":
        connection = await session.connection()
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        for start in range(0, len(items), 10 * CHUNK):
            chunk = items[start : start + 10 * CHUNK]
            moved = await raw.fetch(
                _MOVE_BALANCES_PG,
                [invoice_id for invoice_id, _ in chunk],
                [cash for _, (cash, _) in chunk],
                [held for _, (_, held) in chunk],
            )
            if len(moved) != len(chunk):
                raise InvoiceChanged()
        return
    statement_sqlite = (
        update(table)
        .where(
            table.c.id == bindparam("b_id", type_=Uuid()),
            table.c.open_balance - table.c.disputed_amount >= bindparam("b_need", type_=Money()),
        )
        .values(
            paid_amount=table.c.paid_amount + bindparam("b_cash", type_=Money()),
            open_balance=table.c.open_balance - bindparam("b_cash", type_=Money()),
            disputed_amount=table.c.disputed_amount + bindparam("b_held", type_=Money()),
            version=table.c.version + bindparam("b_one", type_=Integer()),
        )
    )
    params = [
        {"b_id": invoice_id, "b_need": cash + held, "b_cash": cash, "b_held": held, "b_one": 1}
        for invoice_id, (cash, held) in items
    ]
    connection = await session.connection()
    for start in range(0, len(params), CHUNK):
        batch = params[start : start + CHUNK]
        moved = await connection.execute(statement_sqlite, batch)
        if moved.rowcount != len(batch):
            raise InvoiceChanged()


class Posting:
    """An import's posting transaction, fed its planned lines a chunk at a time (each chunk whole payments: a
    payment is checked and applied whole); ``finish`` appends the audit events and assesses the accounts.

    A chunk's rows are written when it is added, so a streamed import holds only the chunk being posted; the audit
    events wait in an :class:`EventSpool` (on disk past a few thousand), chained at the end under the chain head's
    lock, which is then held for the chaining only, not while the file is read.
    """

    def __init__(
        self,
        session: AsyncSession,
        job: RemittanceImport,
        rules: DeductionRules,
        *,
        now: datetime,
        actor_user_id: uuid.UUID | None,
    ) -> None:
        self.session = session
        self.job = job
        self.rules = rules
        self.now = now
        self.actor_user_id = actor_user_id
        self.currency_of: dict[uuid.UUID, str] = {}
        self.events = EventSpool()
        self.payments = 0
        self.deductions = 0
        self.applied = ZERO

    @classmethod
    async def begin(
        cls, session: AsyncSession, job: RemittanceImport, *, now: datetime, actor_user_id: uuid.UUID | None
    ) -> Posting:
        return cls(session, job, await DeductionRules.load(session), now=now, actor_user_id=actor_user_id)

    async def _currencies(self, plans: list[PlannedLine]) -> None:
        wanted = sorted({p.account_id for p in plans if p.account_id is not None} - self.currency_of.keys())
        for start in range(0, len(wanted), CHUNK):
            rows = await self.session.execute(
                select(CustomerAccount.id, CustomerAccount.currency).where(
                    CustomerAccount.id.in_(wanted[start : start + CHUNK])
                )
            )
            self.currency_of.update((account_id, currency) for account_id, currency in rows)

    async def add(self, plans: list[PlannedLine]) -> None:
        """Post these lines (whole payments); does not commit. Raises InvoiceChanged (then roll back)."""
        session, now, actor_user_id = self.session, self.now, self.actor_user_id
        await self._currencies(plans)
        groups: dict[tuple[uuid.UUID, str], list[PlannedLine]] = defaultdict(list)
        for plan in plans:
            if plan.status in {"applied", "exception"} and plan.payment_key is not None:
                groups[plan.payment_key].append(plan)

        payments: list[dict[str, Any]] = []
        allocations: list[tuple[Any, ...]] = []
        """In :data:`ALLOCATION_COLUMNS` order."""
        deductions: list[dict[str, Any]] = []
        steps: list[dict[str, Any]] = []
        events: list[EventRecord] = []
        moves: dict[uuid.UUID, tuple[Decimal, Decimal]] = {}
        deductions_by_invoice: dict[uuid.UUID, uuid.UUID] = {}
        applied = ZERO
        for (account_id, reference), group in groups.items():
            first = group[0].source
            assert first is not None
            payment_id = new_id()
            unapplied = sum((p.source.paid_amount for p in group if p.status == "exception" and p.source), ZERO)
            payments.append(
                {
                    "id": payment_id,
                    "account_id": account_id,
                    "reference": reference,
                    "received_on": first.received_on,
                    "method": METHODS.get(self.job.file_format, "lockbox"),
                    "currency": self.currency_of[account_id],
                    "amount": first.payment_amount,
                    "unapplied_amount": unapplied,
                    "created_at": now,
                }
            )
            events.append(
                EventRecord(
                    action="cash.payment_imported",
                    entity_type="payment",
                    entity_id=payment_id,
                    actor_user_id=actor_user_id,
                    account_id=account_id,
                    occurred_at=now,
                    after={
                        "reference": reference,
                        "amount": first.payment_amount,
                        "lines": len(group),
                        "unapplied": unapplied,
                        "import": str(self.job.id),
                    },
                )
            )
            for plan in group:
                plan.payment_id = payment_id
                if plan.status != "applied" or plan.source is None:
                    continue
                line = plan.source
                for allocation in plan.allocations:
                    invoice = allocation.invoice
                    cash, held = moves.get(invoice.id, (ZERO, ZERO))
                    moves[invoice.id] = (cash + allocation.amount, held + allocation.held)
                    if allocation.amount > ZERO:
                        allocations.append((new_id(), account_id, payment_id, invoice.id, allocation.amount, now))
                        applied += allocation.amount
                    if allocation.held > ZERO:
                        case, step, event = new_deduction(
                            line,
                            invoice_id=invoice.id,
                            invoice_number=invoice.number,
                            held=allocation.held,
                            account_id=account_id,
                            rules=self.rules,
                            actor_user_id=actor_user_id,
                            now=now,
                        )
                        plan.deduction_id = case["id"]
                        deductions_by_invoice.setdefault(invoice.id, case["id"])
                        deductions.append(case)
                        steps.append(step)
                        events.append(event)

        await _move_balances(session, moves)
        await bulk_insert(session, Payment, payments)
        await bulk_insert_tuples(session, PaymentAllocation, ALLOCATION_COLUMNS, allocations)
        for model, rows in ((Dispute, deductions), (DisputeStatusChange, steps)):
            await bulk_insert(session, model, rows)
        await _link_documents(session, deductions_by_invoice)
        await _count_pattern_uses(session, plans)
        # made as the COPY sends them: the server stores the first lines while the rest are being made
        job_id = self.job.id
        await bulk_insert_tuples(
            session, RemittanceLineRecord, LINE_COLUMNS, (line_values(job_id, plan) for plan in plans)
        )
        self.events.add(events)
        self.payments += len(payments)
        self.deductions += len(deductions)
        self.applied += applied

    async def finish(self) -> Posted:
        """The import's own event, every event chained and appended, the accounts assessed; does not commit."""
        job = self.job
        self.events.add(
            [
                EventRecord(
                    action="cash.import_applied",
                    entity_type="remittance_import",
                    entity_id=job.id,
                    actor_user_id=self.actor_user_id,
                    occurred_at=self.now,
                    after={
                        "file": job.filename,
                        "format": job.file_format,
                        "payments": self.payments,
                        "applied": self.applied,
                        "deductions": self.deductions,
                        "client": job.imported_by_client,
                    },
                )
            ]
        )
        try:
            await append_events(self.session, self.events)
        finally:
            self.events.close()
        # Cash and deductions moved these accounts' money: their promises, priority and holds follow now.
        await assess(self.session, sorted(self.currency_of), today=self.now.date(), now=self.now)
        return Posted(payments=self.payments, deductions=self.deductions, applied_amount=self.applied)


async def post(
    session: AsyncSession,
    job: RemittanceImport,
    plans: list[PlannedLine],
    *,
    now: datetime,
    actor_user_id: uuid.UUID | None,
) -> Posted:
    """Insert and move everything the plans say (the whole file at once); does not commit. Raises InvoiceChanged
    (then roll back)."""
    posting = await Posting.begin(session, job, now=now, actor_user_id=actor_user_id)
    await posting.add(plans)
    return await posting.finish()


async def _count_pattern_uses(session: AsyncSession, plans: list[PlannedLine]) -> None:
    """Each learned pattern's lines applied without a person, added to its count (one statement)."""
    uses = Counter(
        plan.candidate.pattern_id
        for plan in plans
        if plan.status == "applied" and plan.candidate is not None and plan.candidate.pattern_id is not None
    )
    if uses:
        patterns = MatchPattern.__table__
        assert isinstance(patterns, Table)
        await session.execute(
            update(patterns)
            .where(patterns.c.id == bindparam("pattern"))
            .values(applied=patterns.c.applied + bindparam("uses")),
            [{"pattern": pattern, "uses": n} for pattern, n in uses.items()],
        )


async def _link_documents(session: AsyncSession, deduction_by_invoice: dict[uuid.UUID, uuid.UUID]) -> None:
    """Documents already archived against a deduction's invoice, not yet on a case, become its evidence."""
    invoice_ids = sorted(deduction_by_invoice)
    for start in range(0, len(invoice_ids), CHUNK):
        chunk = invoice_ids[start : start + CHUNK]
        rows = (
            await session.execute(
                select(Document.id, Document.invoice_id).where(
                    Document.invoice_id.in_(chunk), Document.dispute_id.is_(None)
                )
            )
        ).all()
        if rows:
            await session.execute(
                update(Document),
                [
                    {"id": document_id, "dispute_id": deduction_by_invoice[invoice_id]}  # type: ignore[index]
                    for document_id, invoice_id in rows
                ],
            )


LINE_COLUMNS = (
    "id", "import_id", "line", "status", "payment_reference", "received_on", "customer_number", "customer_name",
    "invoice_reference", "paid_amount", "adjustment_amount", "adjustment_scheme", "adjustment_code", "adjustment_text",
    "account_id", "payment_id", "rule", "confidence", "message", "applied_to", "suggestions", "deduction_id",
    "resolved_at",
)  # fmt: skip
"""The ``remittance_lines`` columns :func:`line_values` gives, in its order."""


def line_values(import_id: uuid.UUID, plan: PlannedLine) -> tuple[Any, ...]:
    """The ``remittance_lines`` row of one planned line, in :data:`LINE_COLUMNS` order, as COPY takes it."""
    line = plan.source
    candidate = plan.candidate
    applied = plan.allocations if plan.status == "applied" else ()  # a line left out was applied to nothing
    return (
        new_id(),
        import_id,
        plan.line,
        plan.status,
        line.payment_reference[:64] if line else "",
        line.received_on if line else None,
        line.customer_number[:64] if line else "",
        line.customer_name[:200] if line else "",
        line.invoice_reference[:140] if line else "",
        line.paid_amount if line else ZERO,
        line.adjustment_amount if line else ZERO,
        line.adjustment_scheme[:16] if line else "",
        line.adjustment_code[:32] if line else "",
        line.adjustment_text[:500] if line else "",
        plan.account_id,
        plan.payment_id,
        candidate.rule if candidate else "",
        candidate.confidence if candidate else ZERO,
        plan.message[:2000],
        [
            {"invoice_id": str(a.invoice.id), "number": a.invoice.number, "amount": str(a.amount), "held": str(a.held)}
            for a in applied
        ],
        [
            {
                "invoice_ids": [str(i.id) for i in c.invoices],
                "numbers": [i.number for i in c.invoices],
                "rule": c.rule,
                "confidence": str(c.confidence),
            }
            for c in plan.suggestions
        ]
        if plan.status == "exception"
        else [],
        plan.deduction_id,
        None,
    )
