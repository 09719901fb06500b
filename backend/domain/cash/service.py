"""Importing a lockbox remittance file: match each line to an open invoice, apply the cash, turn short pays into deductions.

All or nothing: a file with any bad line changes nothing and the report names every
bad line; a good file is applied in one transaction. The same file twice is a no-op
that returns the first report. Matching, in order: exact invoice number, normalised
invoice number, normalised PO number — always within the line's customer.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.administration.models import ExternalReasonCode
from backend.domain.administration.service import route_new_case
from backend.domain.audit.service import record_event
from backend.domain.cash.formats.lockbox_csv import FileRejected, RemittanceLine, parse_lockbox
from backend.domain.cash.models import RemittanceImport
from backend.domain.disputes.enums import DisputeOrigin, DisputeStatus
from backend.domain.disputes.models import Dispute, DisputeStatusChange, ReasonCode
from backend.domain.errors import DomainError
from backend.domain.invoices import ledger
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference
from backend.domain.payments.models import Payment, PaymentAllocation

ZERO = Decimal("0.00")
KEYWORDS = [
    (re.compile(r"damag|broken|crush", re.I), "DAMAGED"),
    (re.compile(r"short|missing", re.I), "SHORTAGE"),
    (re.compile(r"price|pricing", re.I), "PRICING"),
    (re.compile(r"promo|allowance|co-?op", re.I), "PROMOTION"),
    (re.compile(r"freight|shipping", re.I), "FREIGHT"),
    (re.compile(r"return", re.I), "RETURN"),
    (re.compile(r"rebate", re.I), "REBATE"),
    (re.compile(r"late|fine|penalt", re.I), "COMPLIANCE"),
]


class ImportRejected(DomainError):
    code = "import_rejected"


@dataclass
class ImportReport:
    status: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    payments: int = 0
    applied: Decimal = ZERO
    deductions: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "lines": self.lines,
            "payments": self.payments,
            "applied": str(self.applied),
            "deductions": self.deductions,
        }


@dataclass(frozen=True)
class Match:
    invoice: Invoice
    rule: str
    confidence: Decimal


def _match(line: RemittanceLine, invoices: list[Invoice]) -> Match | None:
    exact = [i for i in invoices if i.number == line.invoice_reference]
    if len(exact) == 1:
        return Match(exact[0], "exact_reference", Decimal("1.00"))
    wanted = normalise_reference(line.invoice_reference)
    by_number = [i for i in invoices if normalise_reference(i.number) == wanted]
    if len(by_number) == 1:
        return Match(by_number[0], "normalised_reference", Decimal("0.95"))
    by_po = [i for i in invoices if i.po_number and normalise_reference(i.po_number) == wanted]
    if len(by_po) == 1:
        return Match(by_po[0], "po_number", Decimal("0.90"))
    return None


async def _reason_for(session: AsyncSession, line: RemittanceLine) -> str:
    if line.adjustment_scheme and line.adjustment_code:
        mapped = (
            await session.execute(
                select(ExternalReasonCode.reason_code).where(
                    ExternalReasonCode.scheme == line.adjustment_scheme, ExternalReasonCode.code == line.adjustment_code
                )
            )
        ).scalar_one_or_none()
        if mapped:
            return mapped
    for pattern, reason in KEYWORDS:
        if pattern.search(line.adjustment_text):
            return reason
    return "OTHER"


async def import_lockbox(
    session: AsyncSession, *, principal: Principal, filename: str, data: bytes, now: datetime
) -> ImportReport:
    """Apply a lockbox file (see module docstring). Commits when applied or rejected with a stored report."""
    if not principal.is_staff:
        raise ImportRejected("Only staff import remittances.")
    digest = hashlib.sha256(data).hexdigest()
    earlier = (
        await session.execute(select(RemittanceImport).where(RemittanceImport.sha256 == digest))
    ).scalar_one_or_none()
    if earlier is not None and earlier.status == "applied":
        return ImportReport(status="duplicate", lines=earlier.report.get("lines", []), payments=0, deductions=0)
    try:
        lines, bad = parse_lockbox(data)
    except FileRejected as error:
        raise ImportRejected(str(error)) from error
    report = ImportReport(status="applied")
    errors = {number: message for number, message in bad}

    numbers = {line.customer_number for line in lines}
    accounts = {
        a.number: a
        for a in (await session.execute(select(CustomerAccount).where(CustomerAccount.number.in_(numbers)))).scalars()
    }
    open_invoices: dict[uuid.UUID, list[Invoice]] = defaultdict(list)
    for invoice in (
        await session.execute(
            select(Invoice)
            .where(Invoice.account_id.in_([a.id for a in accounts.values()]), Invoice.open_balance > ZERO)
            .with_for_update()
        )
    ).scalars():
        open_invoices[invoice.account_id].append(invoice)

    payments: dict[tuple[str, str], list[RemittanceLine]] = defaultdict(list)
    matches: dict[int, Match] = {}
    for line in lines:
        account = accounts.get(line.customer_number)
        if account is None:
            errors[line.line] = f"Unknown customer {line.customer_number}."
            continue
        match = _match(line, open_invoices[account.id])
        if match is None:
            errors[line.line] = f"No open invoice of {account.name} matches {line.invoice_reference!r}."
            continue
        existing = (
            await session.execute(
                select(Payment.id).where(Payment.account_id == account.id, Payment.reference == line.payment_reference)
            )
        ).first()
        if existing is not None:
            errors[line.line] = f"Payment {line.payment_reference} was already imported for this customer."
            continue
        matches[line.line] = match
        payments[(line.customer_number, line.payment_reference)].append(line)
    for (_, reference), group in payments.items():
        declared = {line.payment_amount for line in group}
        if len(declared) != 1 or sum((line.paid_amount for line in group), ZERO) != group[0].payment_amount:
            for line in group:
                errors[line.line] = f"Payment {reference}: the paid amounts do not add up to the payment amount."

    if errors:
        report.status = "rejected"
        report.lines = [{"line": n, "status": "error", "message": m} for n, m in sorted(errors.items())]
        return report

    for (customer_number, reference), group in payments.items():
        account = accounts[customer_number]
        payment = Payment(
            account_id=account.id,
            reference=reference,
            received_on=group[0].received_on,
            method="lockbox",
            currency=account.currency,
            amount=group[0].payment_amount,
            unapplied_amount=ZERO,
            created_at=now,
        )
        session.add(payment)
        await session.flush()
        report.payments += 1
        for line in group:
            match = matches[line.line]
            invoice = match.invoice
            try:
                if line.paid_amount > ZERO:
                    ledger.pay(invoice, line.paid_amount)
                    session.add(
                        PaymentAllocation(
                            account_id=account.id,
                            payment_id=payment.id,
                            invoice_id=invoice.id,
                            amount=line.paid_amount,
                            created_at=now,
                        )
                    )
                deduction_id = None
                if line.adjustment_amount > ZERO:
                    deduction_id = await _deduction(session, principal, line, invoice, now)
                    report.deductions += 1
            except DomainError as error:
                number = invoice.number  # read before the rollback expires it
                await session.rollback()
                report.status = "rejected"
                report.lines = [{"line": line.line, "status": "error", "message": f"{number}: {error.message}"}]
                return report
            report.applied += line.paid_amount
            report.lines.append(
                {
                    "line": line.line,
                    "status": "applied",
                    "invoice": invoice.number,
                    "matched_by": match.rule,
                    "confidence": str(match.confidence),
                    "deduction_id": str(deduction_id) if deduction_id else None,
                }
            )
        await record_event(
            session,
            action="cash.payment_imported",
            entity_type="payment",
            entity_id=payment.id,
            actor_user_id=principal.user_id,
            account_id=account.id,
            occurred_at=now,
            after={"reference": reference, "amount": payment.amount, "lines": len(group)},
        )
    session.add(
        RemittanceImport(
            sha256=digest,
            filename=filename[:255],
            status="applied",
            line_count=len(lines),
            report=report.as_dict(),
            imported_by_id=principal.user_id,
            imported_at=now,
        )
    )
    await session.commit()
    return report


async def _deduction(
    session: AsyncSession, principal: Principal, line: RemittanceLine, invoice: Invoice, now: datetime
) -> uuid.UUID:
    """The short pay on a line becomes an open deduction, reason mapped from the remittance, routed, audited."""
    reason_code = await _reason_for(session, line)
    reason = await session.get(ReasonCode, reason_code)
    assert reason is not None
    ledger.hold_for_dispute(invoice, line.adjustment_amount)
    dispute = Dispute(
        account_id=invoice.account_id,
        invoice_id=invoice.id,
        reason_code=reason_code,
        origin=DisputeOrigin.REMITTANCE.value,
        status=DisputeStatus.NEW.value,
        amount=line.adjustment_amount,
        description=line.adjustment_text or f"Short-paid on remittance {line.payment_reference}.",
        due_on=now.date() + timedelta(days=reason.sla_days),
        created_at=now,
    )
    assignee = await route_new_case(session, dispute)
    if assignee is not None:
        dispute.assignee_id, dispute.status = assignee, DisputeStatus.ASSIGNED.value
    session.add(dispute)
    await session.flush()
    session.add(
        DisputeStatusChange(
            account_id=dispute.account_id,
            dispute_id=dispute.id,
            from_status=None,
            to_status=dispute.status,
            changed_at=now,
            actor_user_id=principal.user_id,
            note="Deduction taken on a payment.",
        )
    )
    await record_event(
        session,
        action="deduction.created",
        entity_type="dispute",
        entity_id=dispute.id,
        actor_user_id=principal.user_id,
        account_id=dispute.account_id,
        occurred_at=now,
        after={
            "invoice": invoice.number,
            "amount": line.adjustment_amount,
            "reason_code": reason_code,
            "remittance": line.payment_reference,
            "adjustment_code": line.adjustment_code,
        },
    )
    return dispute.id
