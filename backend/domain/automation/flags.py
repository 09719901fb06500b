"""Validation flags: what a clerk should know about a case before looking, each with the reason in words.

Rules (each a function below, all within the case's own customer account):

* ``duplicate_claim``: another case of the same customer on the same invoice for the same
  amount that still stands — open, resolved valid or partial, or written off. A withdrawn
  or denied claim does not count: the customer dropped it, or it was refused and the money
  is due again, so claiming it again is a new dispute, not a double credit.
* ``exceeds_invoice``: the standing claims on the invoice (the same statuses, this case
  included) add up to more than its total, or the customer deducted more (``claimed_amount``)
  than the case holds.
* ``exceeds_line``: the standing claims on one invoice line add up to more than the line.
* ``discount_after_due_date``: reason EARLY_PAY_DISCOUNT and the payment day (``paid_on``;
  the filing day for a portal dispute) is after the invoice's ``cash_discount_due_on``, or the
  invoice has no discount terms, or the amount is more than percent × total.
* ``promotion_outside_period``: reason PROMOTION and the invoice's issue date is in no active
  promotion of the customer's or of every customer's.
* ``no_evidence``: no stored document on the case or its invoice; cleared when one is linked.

Flags are staff-only rows (``CaseFlag`` is always internal); the caller runs as the system actor.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.lists import among, among_parameter
from backend.domain.automation.enums import FlagCode
from backend.domain.automation.models import CaseFlag, Promotion
from backend.domain.disputes.enums import DisputeStatus
from backend.domain.disputes.models import Dispute, DisputeLine
from backend.domain.documents.enums import DocumentStatus
from backend.domain.documents.models import Document
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.domain.money import CENT

NOT_STANDING = frozenset({DisputeStatus.WITHDRAWN.value, DisputeStatus.RESOLVED_INVALID.value})
"""Claims that no longer count towards duplicates or totals."""
HUNDRED = Decimal("100")


def _status_words(status: str) -> str:
    return status.replace("_", " ")


PROMOTION_REASON = "PROMOTION"
"""The reason whose claims the promotion-period check reads."""


def _standing() -> ColumnElement[bool]:
    return Dispute.status.not_in(list(NOT_STANDING))


# What the duplicate and total checks read of the other claims on an invoice: rows, not ORM objects.
_CLAIM_COLUMNS = (
    Dispute.id,
    Dispute.invoice_id,
    Dispute.account_id,
    Dispute.amount,
    Dispute.status,
    Dispute.created_at,
)


def _duplicate_message(invoice: Invoice, rows: list[Any]) -> str | None:
    if not rows:
        return None
    first = rows[0]
    more = f" and {len(rows) - 1} more" if len(rows) > 1 else ""
    return (
        f"Already claimed: case for {first.amount} on {invoice.number} filed {first.created_at.date().isoformat()}"
        f" ({_status_words(first.status)}){more}"
    )


def _exceeds_invoice_message(
    dispute: Dispute, invoice: Invoice, claimed_amount: Decimal | None, claimed: Decimal
) -> str | None:
    reasons = []
    if claimed_amount is not None and claimed_amount > dispute.amount:
        reasons.append(
            f"The customer deducted {claimed_amount} on {invoice.number} but the case can hold only {dispute.amount}"
        )
    if claimed > invoice.total_amount:
        reasons.append(
            f"Claims on {invoice.number} add up to {claimed.quantize(CENT)}, "
            f"more than its total of {invoice.total_amount}"
        )
    return "; ".join(reasons) or None


async def exceeds_line(session: AsyncSession, dispute: Dispute) -> str | None:
    line_ids = select(DisputeLine.invoice_line_id).where(DisputeLine.dispute_id == dispute.id).scalar_subquery()
    rows = (
        await session.execute(
            select(InvoiceLine.line_number, InvoiceLine.sku, InvoiceLine.amount, func.sum(DisputeLine.amount))
            .join(DisputeLine, DisputeLine.invoice_line_id == InvoiceLine.id)
            .join(Dispute, Dispute.id == DisputeLine.dispute_id)
            .where(InvoiceLine.id.in_(line_ids), _standing())
            .group_by(InvoiceLine.id, InvoiceLine.line_number, InvoiceLine.sku, InvoiceLine.amount)
            .order_by(InvoiceLine.line_number)
        )
    ).all()
    over = [
        f"Line {number} ({sku}): claims add up to {Decimal(total).quantize(CENT)}, more than the line's {amount}"
        for number, sku, amount, total in rows
        if Decimal(total) > amount
    ]
    return "; ".join(over) or None


def discount_after_due_date(dispute: Dispute, invoice: Invoice, paid_on: date) -> str | None:
    if dispute.reason_code != "EARLY_PAY_DISCOUNT":
        return None
    if invoice.cash_discount_percent is None or invoice.cash_discount_due_on is None:
        return f"Cash discount taken, but {invoice.number} has no cash-discount terms"
    reasons = []
    if paid_on > invoice.cash_discount_due_on:
        reasons.append(
            f"Paid {paid_on.isoformat()}, after the discount date {invoice.cash_discount_due_on.isoformat()}"
            f" of {invoice.number}"
        )
    allowed = (invoice.total_amount * invoice.cash_discount_percent / HUNDRED).quantize(CENT)
    if dispute.amount > allowed:
        reasons.append(
            f"Discount of {dispute.amount} is more than {invoice.cash_discount_percent.normalize()} %"
            f" of {invoice.total_amount} ({allowed})"
        )
    return "; ".join(reasons) or None


def _promotion_message(invoice: Invoice, promotions: list[Promotion]) -> str | None:
    issued = invoice.issue_date
    if any(p.starts_on <= issued <= p.ends_on for p in promotions):
        return None
    if not promotions:
        return f"Promotion claimed, but the customer has no active promotion ({invoice.number} issued {issued.isoformat()})"
    nearest = min(promotions, key=lambda p: min(abs((p.starts_on - issued).days), abs((p.ends_on - issued).days)))
    return (
        f"{invoice.number} issued {issued.isoformat()} is outside every active promotion for the customer"
        f" (nearest: {nearest.code} {nearest.starts_on.isoformat()} to {nearest.ends_on.isoformat()})"
    )


async def no_evidence(session: AsyncSession, dispute: Dispute, invoice: Invoice) -> str | None:
    found = (
        await session.execute(
            select(Document.id)
            .where(
                Document.status == DocumentStatus.STORED.value,
                or_(Document.dispute_id == dispute.id, Document.invoice_id == dispute.invoice_id),
            )
            .limit(1)
        )
    ).first()
    return _no_evidence_message(invoice, found is not None)


def _no_evidence_message(invoice: Invoice, found: bool) -> str | None:
    return None if found else f"No document is linked to the case or to its invoice {invoice.number}"


async def evaluate(
    session: AsyncSession,
    dispute: Dispute,
    invoice: Invoice,
    *,
    paid_on: date,
    claimed_amount: Decimal | None,
) -> dict[FlagCode, str]:
    """Every flag the case deserves now, with its message."""
    (found,) = await evaluate_many(session, [NewCase(dispute, invoice, paid_on, claimed_amount)])
    return found


async def store_flags(
    session: AsyncSession,
    dispute: Dispute,
    found: dict[FlagCode, str],
    *,
    now: datetime,
    only: Iterable[FlagCode] | None = None,
) -> set[FlagCode]:
    """Make the case's flags (those in ``only``, or all) exactly ``found``; the codes it carries afterwards."""
    existing = {
        FlagCode(f.code): f
        for f in (await session.execute(select(CaseFlag).where(CaseFlag.dispute_id == dispute.id))).scalars()
    }
    carried = await _replace_flags(session, dispute, found, existing, now=now, only=only)
    await session.flush()
    return carried


async def store_new_case_flags(
    session: AsyncSession, dispute: Dispute, found: dict[FlagCode, str], *, now: datetime
) -> set[FlagCode]:
    """:func:`store_flags` for a case created in this transaction, which carries no flag yet (nothing to read)."""
    carried = await _replace_flags(session, dispute, found, {}, now=now)
    await session.flush()
    return carried


async def _replace_flags(
    session: AsyncSession,
    dispute: Dispute,
    found: dict[FlagCode, str],
    existing: dict[FlagCode, CaseFlag],
    *,
    now: datetime,
    only: Iterable[FlagCode] | None = None,
) -> set[FlagCode]:
    scope = set(FlagCode) if only is None else set(only)
    gone = [f.id for code, f in existing.items() if code in scope and code not in found]
    if gone:
        await session.execute(delete(CaseFlag).where(CaseFlag.id.in_(gone)))
    for code, message in found.items():
        if code not in scope:
            continue
        flag = existing.get(code)
        if flag is None:
            session.add(
                CaseFlag(
                    account_id=dispute.account_id,
                    dispute_id=dispute.id,
                    code=code.value,
                    message=message[:2000],
                    raised_at=now,
                    is_internal=True,
                )
            )
        elif flag.message != message:
            flag.message = message[:2000]
    return {code for code in existing if code not in scope} | {code for code in found if code in scope}


async def flags_by_dispute(session: AsyncSession, dispute_ids: Iterable[uuid.UUID]) -> list[list[CaseFlag]]:
    """Flags of many cases in one statement, in code order (empty for a customer: the scope hides them)."""
    ids = list(dispute_ids)
    grouped: dict[uuid.UUID, list[CaseFlag]] = {i: [] for i in ids}
    rows = await session.execute(
        select(CaseFlag).where(among(session, CaseFlag.dispute_id, ids)).order_by(CaseFlag.dispute_id, CaseFlag.code)
    )
    for flag in rows.scalars():
        grouped[flag.dispute_id].append(flag)
    return [grouped[i] for i in ids]


@dataclass(frozen=True)
class NewCase:
    """A case to flag, with what its creation knew: the payment day and what the customer deducted."""

    dispute: Dispute
    invoice: Invoice
    paid_on: date
    claimed_amount: Decimal | None = None


@lru_cache(maxsize=4)
def _evaluation_statements(dialect: str) -> tuple[Select, Select, Select, Select]:  # type: ignore[type-arg]
    """What the checks read about a batch of cases, built once per database kind: the standing claims on their
    invoices (and whether each has lines), which of the cases have lines (for those not standing), the promotions
    of their accounts, and the stored documents on them."""
    return (
        select(*_CLAIM_COLUMNS, exists().where(DisputeLine.dispute_id == Dispute.id).label("has_lines"))
        .where(among_parameter(dialect, Dispute.invoice_id, "invoice_ids"), _standing())
        .order_by(Dispute.created_at),
        select(DisputeLine.dispute_id).where(among_parameter(dialect, DisputeLine.dispute_id, "ids")),
        select(Promotion)
        .where(
            Promotion.active.is_(True),
            or_(Promotion.account_id.is_(None), among_parameter(dialect, Promotion.account_id, "account_ids")),
        )
        .order_by(Promotion.starts_on, Promotion.code),
        select(Document.dispute_id, Document.invoice_id).where(
            Document.status == DocumentStatus.STORED.value,
            or_(
                among_parameter(dialect, Document.dispute_id, "ids"),
                among_parameter(dialect, Document.invoice_id, "invoice_ids"),
            ),
        ),
    )


async def evaluate_many(session: AsyncSession, cases: Sequence[NewCase]) -> list[dict[FlagCode, str]]:
    """The flags of many cases in a constant number of statements (imports: hundreds of deductions at once)."""
    if not cases:
        return []
    ids = [c.dispute.id for c in cases]
    invoice_ids = sorted({c.dispute.invoice_id for c in cases})
    account_ids = sorted({c.dispute.account_id for c in cases})
    standing_claims, lines_of, promotions_of, evidence_of = _evaluation_statements(session.get_bind().dialect.name)
    values = {"ids": ids, "invoice_ids": invoice_ids, "account_ids": account_ids}
    by_invoice: dict[uuid.UUID, list[Any]] = defaultdict(list)
    standing: set[uuid.UUID] = set()
    with_lines: set[uuid.UUID] = set()
    for other in (await session.execute(standing_claims, values)).all():
        by_invoice[other.invoice_id].append(other)
        standing.add(other.id)
        if other.has_lines:
            with_lines.add(other.id)
    # A case is usually among the standing claims on its invoice (it was just created): its lines are known then.
    unseen = [i for i in ids if i not in standing]
    if unseen:
        with_lines.update((await session.execute(lines_of, {**values, "ids": unseen})).scalars())
    # Only a promotion claim reads the promotions.
    promotions = (
        (await session.execute(promotions_of, values)).scalars().all()
        if any(c.dispute.reason_code == PROMOTION_REASON for c in cases)
        else []
    )
    evidenced: set[uuid.UUID] = set()
    for dispute_id, invoice_id in await session.execute(evidence_of, values):
        evidenced.update(i for i in (dispute_id, invoice_id) if i is not None)
    results = []
    for case in cases:
        dispute, invoice = case.dispute, case.invoice
        others = by_invoice[dispute.invoice_id]
        found: dict[FlagCode, str | None] = {
            FlagCode.DUPLICATE_CLAIM: _duplicate_message(
                invoice,
                [
                    o
                    for o in others
                    if o.id != dispute.id and o.account_id == dispute.account_id and o.amount == dispute.amount
                ],
            ),
            FlagCode.EXCEEDS_INVOICE: _exceeds_invoice_message(
                dispute, invoice, case.claimed_amount, sum((o.amount for o in others), Decimal("0"))
            ),
            FlagCode.EXCEEDS_LINE: await exceeds_line(session, dispute) if dispute.id in with_lines else None,
            FlagCode.DISCOUNT_AFTER_DUE_DATE: discount_after_due_date(dispute, invoice, case.paid_on),
            FlagCode.PROMOTION_OUTSIDE_PERIOD: _promotion_message(
                invoice, [p for p in promotions if p.account_id in (None, dispute.account_id)]
            )
            if dispute.reason_code == PROMOTION_REASON
            else None,
            FlagCode.NO_EVIDENCE: _no_evidence_message(
                invoice, dispute.id in evidenced or dispute.invoice_id in evidenced
            ),
        }
        results.append({code: message for code, message in found.items() if message})
    return results


async def store_flags_many(
    session: AsyncSession, cases: Sequence[Dispute], found: Sequence[dict[FlagCode, str]], *, now: datetime
) -> list[set[FlagCode]]:
    """:func:`store_flags` for many cases: one read of their flags, one flush."""
    existing: dict[uuid.UUID, dict[FlagCode, CaseFlag]] = defaultdict(dict)
    for flag in (
        await session.execute(select(CaseFlag).where(CaseFlag.dispute_id.in_([d.id for d in cases])))
    ).scalars():
        existing[flag.dispute_id][FlagCode(flag.code)] = flag
    carried = [
        await _replace_flags(session, dispute, codes, existing[dispute.id], now=now)
        for dispute, codes in zip(cases, found, strict=True)
    ]
    await session.flush()
    return carried
