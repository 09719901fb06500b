"""Filing, reading and withdrawing disputes, with the money rules that guard the invoice."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.db.global_cache import KeptPerGlobalVersion
from backend.db.lists import among
from backend.db.outage import lost_to_another
from backend.db.scope import Principal
from backend.domain.administration.service import route_new_case
from backend.domain.audit.rate import DONE_SINCE, refuse_over_limit
from backend.domain.audit.service import record_event
from backend.domain.automation.service import after_case_created
from backend.domain.credit.assessment import assess
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES, DisputeOrigin, DisputeStatus
from backend.domain.disputes.errors import (
    DescriptionRequired,
    DisputeAmountExceedsDisputable,
    DisputeNotOpen,
    IdempotencyKeyReused,
    LineNotOnInvoice,
    ReasonCodeNotActive,
)
from backend.domain.disputes.models import Dispute, DisputeLine, DisputeStatusChange, ReasonCode
from backend.domain.disputes.transitions import move_to
from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.invoices.ledger import hold_for_dispute, release_dispute
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.domain.mail.compose import compose
from backend.domain.mail.service import enqueue_email
from backend.domain.money import QUANTITY_PLACES, checked_amount, checked_quantity
from backend.domain.orders.claim_check import ClaimCheck, LineToCheck, check_claim
from backend.domain.orders.reconciliation import reconcile

MAX_DESCRIPTION = 4000
FILINGS_PER_HOUR = 60
FILING_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class LineClaim:
    invoice_line_id: uuid.UUID
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(frozen=True)
class DisputeRequest:
    invoice_id: uuid.UUID
    reason_code: str
    amount: Decimal
    description: str
    lines: Sequence[LineClaim] = ()
    idempotency_key: str | None = None

    def fingerprint(self) -> str:
        """A digest of everything the customer asked for, to tell a retry from a different request."""
        payload = {
            "invoice": str(self.invoice_id),
            "reason": self.reason_code,
            "amount": str(self.amount),
            "description": self.description,
            "lines": sorted((str(c.invoice_line_id), str(c.amount), str(c.quantity)) for c in self.lines),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def disputable_amount(invoice: Invoice) -> Decimal:
    """What may still be disputed: the open balance minus what open disputes already claim."""
    return invoice.open_balance - invoice.disputed_amount


async def _read_reason_codes(session: AsyncSession) -> list[ReasonCode]:
    return list((await session.execute(select(ReasonCode))).scalars())


_KEPT_REASON_CODES = KeptPerGlobalVersion(ReasonCode, _read_reason_codes)
"""Every reason code, active or not; kept per global data version (``backend.db.global_cache``): read only."""


async def active_reason_codes(session: AsyncSession) -> list[ReasonCode]:
    return list(
        (
            await session.execute(select(ReasonCode).where(ReasonCode.active.is_(True)).order_by(ReasonCode.label))
        ).scalars()
    )


_BY_KEY = select(Dispute).where(
    Dispute.account_id == bindparam("account_id", type_=Dispute.account_id.type),
    Dispute.idempotency_key == bindparam("key", type_=Dispute.idempotency_key.type),
)
# The dispute the key filed (``_BY_KEY``'s id) and the user's filings since ``since``, in one statement.
_KEY_AND_RATE = select(_BY_KEY.with_only_columns(Dispute.id).scalar_subquery(), DONE_SINCE.scalar_subquery())

_INVOICE_FOR_UPDATE = (
    select(Invoice).where(Invoice.id == bindparam("invoice_id", type_=Invoice.id.type)).with_for_update()
)


async def _existing_for_key(session: AsyncSession, principal: Principal, key: str) -> Dispute | None:
    return (await session.execute(_BY_KEY, {"account_id": principal.account_id, "key": key})).scalar_one_or_none()


def _replayed(existing: Dispute, request: DisputeRequest) -> Dispute:
    if existing.idempotency_fingerprint != request.fingerprint():
        raise IdempotencyKeyReused()
    return existing


async def _validated_lines(
    session: AsyncSession, invoice: Invoice, claims: Sequence[LineClaim]
) -> dict[uuid.UUID, InvoiceLine]:
    """The invoice lines the claims name, by id, once every claim is checked against its line."""
    if not claims:
        return {}
    ids = [claim.invoice_line_id for claim in claims]
    if len(set(ids)) != len(ids):
        raise InvalidInput("lines", "Choose each line once.", "line_repeated")
    lines = {
        line.id: line
        for line in (
            await session.execute(
                select(InvoiceLine).where(InvoiceLine.id.in_(ids), InvoiceLine.invoice_id == invoice.id)
            )
        ).scalars()
    }
    if set(lines) != set(ids):
        raise LineNotOnInvoice()
    for claim in claims:
        line = lines[claim.invoice_line_id]
        checked_amount(claim.amount, field="lines")
        if claim.amount > line.amount:
            raise InvalidInput(
                "lines",
                f"Line {line.line_number}: the claim is more than the line's amount.",
                "line_amount_exceeds_line",
            )
        if claim.quantity is not None:
            checked_quantity(claim.quantity, field="lines", label=f"Line {line.line_number}: the quantity")
        if claim.quantity is not None and not (0 < claim.quantity <= line.quantity):
            raise InvalidInput(
                "lines",
                f"Line {line.line_number}: the quantity must be between 0 and {line.quantity}.",
                "line_quantity_invalid",
            )
    return lines


@dataclass(frozen=True)
class ClaimedLine:
    """One line of a dispute as both sides read it: the invoice line and the part of it claimed."""

    line_number: int
    sku: str
    description: str
    quantity_invoiced: Decimal
    unit_price: Decimal
    line_amount: Decimal
    quantity_claimed: Decimal | None
    amount_claimed: Decimal

    def in_words(self) -> str:
        """E.g. ``Line 2 CF-1001 Cement 25 kg: 10 of 10 at 18.40, 184.00 claimed`` (the audit trail, e-mails)."""
        quantity = f"{self.quantity_claimed} of {self.quantity_invoiced}" if self.quantity_claimed else "the line"
        what = f"{self.sku} {self.description}".strip()
        return f"Line {self.line_number} {what}: {quantity} at {self.unit_price}, {self.amount_claimed} claimed"


def _claimed(line: InvoiceLine, quantity: Decimal | None, amount: Decimal) -> ClaimedLine:
    return ClaimedLine(
        line_number=line.line_number,
        sku=line.sku,
        description=line.description,
        quantity_invoiced=line.quantity,
        unit_price=line.unit_price,
        line_amount=line.amount,
        quantity_claimed=None if quantity is None else quantity.quantize(Decimal(1).scaleb(-QUANTITY_PLACES)),
        amount_claimed=amount,
    )


async def claimed_lines_by_dispute(session: AsyncSession, dispute_ids: Sequence[uuid.UUID]) -> list[list[ClaimedLine]]:
    """The claimed lines of many disputes in one statement, by line number (the scope applies to both tables)."""
    grouped: dict[uuid.UUID, list[ClaimedLine]] = {i: [] for i in dispute_ids}
    rows = await session.execute(
        select(DisputeLine, InvoiceLine)
        .join(InvoiceLine, InvoiceLine.id == DisputeLine.invoice_line_id)
        .where(among(session, DisputeLine.dispute_id, dispute_ids))
        .order_by(DisputeLine.dispute_id, InvoiceLine.line_number)
    )
    for claim, line in rows.all():
        grouped[claim.dispute_id].append(_claimed(line, claim.quantity, claim.amount))
    return [grouped[i] for i in dispute_ids]


@dataclass(frozen=True)
class Filing:
    """A filed dispute, with its invoice as the filing left it (None when the filing was a replay)."""

    dispute: Dispute
    invoice: Invoice | None


async def file_dispute(
    session: AsyncSession, *, principal: Principal, request: DisputeRequest, now: datetime
) -> Filing:
    """:func:`_file_dispute`, once more when the database chose its transaction to break a deadlock with another
    (fifty people filing at once met one: two filings, each holding what the other's next statement waited for).
    The transaction was rolled back whole, so filing again is safe, and the customer gets their dispute instead of
    "unexpected error"; a second deadlock is raised."""
    try:
        return await _file_dispute(session, principal=principal, request=request, now=now)
    except DBAPIError as error:
        if not lost_to_another(error):
            raise
        await session.rollback()
        return await _file_dispute(session, principal=principal, request=request, now=now)


async def _file_dispute(
    session: AsyncSession, *, principal: Principal, request: DisputeRequest, now: datetime
) -> Filing:
    """File a customer's dispute against an invoice in their account, or replay the one filed with the same key.

    Guarantees, all in one transaction: the amount is positive, has two decimals at most
    and fits in the invoice's disputable amount; the lines belong to the invoice and their
    claims add up to the amount; the reason is active (OTHER needs a description). The
    invoice's ``disputed_amount`` grows by the amount, the timeline gets its first step
    and the audit log its event; automation flags the case and may resolve it by rule
    (``backend/domain/automation``). A retry with the same idempotency key and the same input
    returns the saved dispute; the same key with other input raises IdempotencyKeyReused.
    Commits.
    """
    if principal.account_id is None:
        raise NotFound("Only customers file disputes here.")
    # One statement for both checks before the work: the dispute this key already filed, and the filings of the hour.
    filed_with_key, filed_this_hour = (
        await session.execute(
            _KEY_AND_RATE,
            {
                "account_id": principal.account_id,
                "key": request.idempotency_key,
                "user_id": principal.user_id,
                "action": "dispute.filed",
                "since": now - FILING_WINDOW,
            },
        )
    ).one()
    if filed_with_key is not None:
        existing = await session.get(Dispute, filed_with_key)
        if existing is not None:
            return Filing(_replayed(existing, request), None)
    refuse_over_limit(filed_this_hour, limit=FILINGS_PER_HOUR, window=FILING_WINDOW, what="filed a dispute")
    amount = checked_amount(request.amount)
    description = request.description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(
            "description", f"Keep the description under {MAX_DESCRIPTION} characters.", "description_too_long"
        )
    reason = next((r for r in await _KEPT_REASON_CODES.get(session) if r.code == request.reason_code), None)
    if reason is None or not reason.active:
        raise ReasonCodeNotActive()
    if reason.requires_description and not description:
        raise DescriptionRequired()

    invoice = (await session.execute(_INVOICE_FOR_UPDATE, {"invoice_id": request.invoice_id})).scalar_one_or_none()
    if invoice is None:
        raise NotFound("Invoice not found.")
    lines = await _validated_lines(session, invoice, request.lines)
    if request.lines and sum((c.amount for c in request.lines), Decimal("0")) != amount:
        raise InvalidInput(
            "amount", "The amount must equal the sum of the amounts on the chosen lines.", "amount_not_sum_of_lines"
        )
    disputable = disputable_amount(invoice)
    if amount > disputable:
        raise DisputeAmountExceedsDisputable(disputable, invoice.currency)

    # Checked before the dispute is written, so nothing of its own claim is counted as another's.
    checked = await check_claim(
        session, reason.code, [LineToCheck(c.invoice_line_id, c.quantity, c.amount) for c in request.lines]
    )
    try:
        dispute = await _record_filing(
            session, principal, request, invoice, reason, amount, description, now, lines=lines, checked=checked
        )
        if invoice.order_id is not None:  # the claim now covers part of what the order's discrepancies had at stake
            await reconcile(session, [invoice.order_id], now=now)
        await after_case_created(session, dispute, now=now, invoice=invoice)
        await assess(session, [invoice.account_id], today=now.date(), now=now)
        await session.commit()
    except (IntegrityError, StaleDataError) as error:
        # A concurrent request touched the same invoice or used the same key first.
        await session.rollback()
        if request.idempotency_key:
            existing = await _existing_for_key(session, principal, request.idempotency_key)
            if existing is not None:
                return Filing(_replayed(existing, request), None)
        raise Conflict("The invoice changed while you were filing. Check it and try again.") from error
    return Filing(dispute, invoice)


async def _record_filing(
    session: AsyncSession,
    principal: Principal,
    request: DisputeRequest,
    invoice: Invoice,
    reason: ReasonCode,
    amount: Decimal,
    description: str,
    now: datetime,
    *,
    lines: dict[uuid.UUID, InvoiceLine],
    checked: ClaimCheck,
) -> Dispute:
    dispute = Dispute(
        records_check=checked.verdict,
        records_detail=checked.summary,
        account_id=invoice.account_id,
        invoice_id=invoice.id,
        reason_code=reason.code,
        origin=DisputeOrigin.PORTAL.value,
        status=DisputeStatus.NEW.value,
        amount=amount,
        description=description,
        created_by_id=principal.user_id,
        due_on=now.date() + timedelta(days=reason.sla_days),
        idempotency_key=request.idempotency_key,
        idempotency_fingerprint=request.fingerprint() if request.idempotency_key else None,
        created_at=now,
    )
    assignee = await route_new_case(session, dispute)
    if assignee is not None:
        dispute.assignee_id = assignee
        dispute.status = DisputeStatus.ASSIGNED.value
    session.add(dispute)
    await session.flush()
    if dispute.reference is None:  # SQLite's trigger gave it after the insert; PostgreSQL's default came back with it
        await session.refresh(dispute, attribute_names=["reference"])
    for claim in request.lines:
        session.add(
            DisputeLine(
                account_id=invoice.account_id,
                dispute_id=dispute.id,
                invoice_line_id=claim.invoice_line_id,
                amount=claim.amount,
                quantity=claim.quantity,
            )
        )
    hold_for_dispute(invoice, amount)
    session.add(
        DisputeStatusChange(
            account_id=invoice.account_id,
            dispute_id=dispute.id,
            from_status=None,
            to_status=dispute.status,
            changed_at=now,
            actor_user_id=principal.user_id,
            note="Dispute filed.",
        )
    )
    await record_event(
        session,
        action="dispute.filed",
        entity_type="dispute",
        entity_id=dispute.id,
        actor_user_id=principal.user_id,
        account_id=invoice.account_id,
        occurred_at=now,
        after={
            "invoice_id": invoice.id,
            "reason_code": reason.code,
            "amount": amount,
            "lines": [_claimed(lines[c.invoice_line_id], c.quantity, c.amount).in_words() for c in request.lines],
        },
    )
    if dispute.assignee_id is not None:
        claimed = [_claimed(lines[c.invoice_line_id], c.quantity, c.amount) for c in request.lines]
        await _tell_assignee(session, dispute, invoice, reason, claimed, now)
    return dispute


async def _tell_assignee(
    session: AsyncSession,
    dispute: Dispute,
    invoice: Invoice,
    reason: ReasonCode,
    claimed: list[ClaimedLine],
    now: datetime,
) -> None:
    """The staff member a new case was routed to hears of it: what is claimed, on which lines, and the
    customer's words (in the filing's transaction, through the outbox)."""
    from backend.domain.accounts.models import CustomerAccount, User

    assignee = (
        await session.execute(select(User.email).where(User.id == dispute.assignee_id, User.is_active.is_(True)))
    ).scalar()
    if assignee is None:
        return
    account = (
        await session.execute(select(CustomerAccount.name).where(CustomerAccount.id == invoice.account_id))
    ).scalar()
    enqueue_email(
        session,
        to=assignee,
        subject=f"New case {dispute.reference}: {reason.label}, {dispute.amount:,.2f} {invoice.currency}",
        now=now,
        body=compose(
            "A customer filed a dispute and it is yours.\n\nCase: {reference}\nCustomer: {account}\n"
            "Invoice: {invoice}\nReason: {reason}\nAmount: {amount}\n\nClaimed:\n{lines_block}\n\n"
            "In the customer's words:\n{description_block}\n\nFind it in the console's queue by its reference.\n",
            reference=dispute.reference or "",
            account=account or "",
            invoice=invoice.number,
            reason=reason.label,
            amount=f"{dispute.amount:,.2f} {invoice.currency}",
            lines_block="\n".join(c.in_words() for c in claimed) or "The whole invoice.",
            description_block=dispute.description or "(no description)",
        ),
    )


async def withdraw_dispute(
    session: AsyncSession, *, principal: Principal, dispute_id: uuid.UUID, reason: str, now: datetime
) -> Dispute:
    """Withdraw an open dispute the customer filed; its amount stops counting against the invoice. Commits."""
    dispute = (
        await session.execute(select(Dispute).where(Dispute.id == dispute_id).with_for_update())
    ).scalar_one_or_none()
    if dispute is None:
        raise NotFound("Dispute not found.")
    if dispute.status not in OPEN_DISPUTE_STATUSES:
        raise DisputeNotOpen()
    invoice = (
        await session.execute(select(Invoice).where(Invoice.id == dispute.invoice_id).with_for_update())
    ).scalar_one()
    release_dispute(invoice, dispute.amount)
    note = reason.strip()[:1000]
    await move_to(
        session,
        dispute,
        DisputeStatus.WITHDRAWN,
        actor_user_id=principal.user_id,
        action="dispute.withdrawn",
        note=note or "Withdrawn by the customer.",
        now=now,
    )
    await assess(session, [invoice.account_id], today=now.date(), now=now)
    await session.commit()
    return dispute


async def timelines(session: AsyncSession, dispute_ids: Sequence[uuid.UUID]) -> list[list[DisputeStatusChange]]:
    """Timeline steps for many disputes in one statement, oldest first."""
    grouped: dict[uuid.UUID, list[DisputeStatusChange]] = {i: [] for i in dispute_ids}
    rows = await session.execute(
        select(DisputeStatusChange)
        .where(among(session, DisputeStatusChange.dispute_id, dispute_ids))
        .order_by(DisputeStatusChange.changed_at)
    )
    for change in rows.scalars():
        grouped[change.dispute_id].append(change)
    return [grouped[i] for i in dispute_ids]


async def disputes_by_invoice(session: AsyncSession, invoice_ids: Sequence[uuid.UUID]) -> list[list[Dispute]]:
    """Disputes for many invoices in one statement, newest first."""
    grouped: dict[uuid.UUID, list[Dispute]] = {i: [] for i in invoice_ids}
    rows = await session.execute(
        select(Dispute).where(among(session, Dispute.invoice_id, invoice_ids)).order_by(Dispute.created_at.desc())
    )
    for dispute in rows.scalars():
        grouped[dispute.invoice_id].append(dispute)
    return [grouped[i] for i in invoice_ids]


async def list_disputes(
    session: AsyncSession, *, statuses: Sequence[DisputeStatus] = (), first: int, offset: int = 0
) -> tuple[list[Dispute], int]:
    """A page of disputes in the caller's scope, newest first, and the total count."""
    statement = select(Dispute)
    count_statement = select(func.count()).select_from(Dispute)
    if statuses:
        values = [s.value for s in statuses]
        statement = statement.where(Dispute.status.in_(values))
        count_statement = count_statement.where(Dispute.status.in_(values))
    total = (await session.execute(count_statement)).scalar_one()
    rows = await session.execute(
        statement.order_by(Dispute.created_at.desc(), Dispute.id.desc()).offset(offset).limit(first)
    )
    return list(rows.scalars()), total
