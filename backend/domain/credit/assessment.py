"""Assessing accounts: past-due money, promises kept or broken, the worklist priority and credit holds.

Called whenever money moves for an account (an invoice posted, cash applied, a dispute filed or resolved), in
the same transaction and as its last step (it locks the accounts' positions, in account order: the last locks
a transaction takes cannot close a cycle), and nightly for every account (``assess_all``). Set-based: a batch
of accounts costs the same few statements whatever its size.

Disputed money is never past due here: ``past_due_undisputed`` is each past-due invoice's open balance less
its disputed amount, so a dispute can neither put an account on a past-due hold nor raise its priority.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.types import Money
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.audit.service import EventRecord, record_events
from backend.domain.credit.enums import ContactKind, HoldRuleKind, PromiseStatus
from backend.domain.credit.models import ContactEntry, CreditHold, CreditPosition, HoldRule, PromiseItem, PromiseToPay
from backend.domain.credit.priority import priority_of
from backend.domain.invoices.models import Invoice
from backend.domain.mail.compose import compose
from backend.domain.mail.service import enqueue_email
from backend.domain.orders.enums import CreditDecision
from backend.domain.orders.models import SalesOrder

ZERO = Decimal("0.00")
BATCH = 1000
BROKEN_PROMISE_MEMORY = timedelta(days=365)
"""How long a broken promise counts against an account's priority."""


@dataclass
class Figures:
    """One account's figures as of a day (what the position row stores, and what the hold rules read)."""

    currency: str
    credit_limit: Decimal
    risk_class: str
    open_amount: Decimal = ZERO
    """Open receivables in the account's currency."""
    orders_amount: Decimal = ZERO
    """Approved orders not shipped yet, in the account's currency."""
    disputed_amount: Decimal = ZERO
    past_due_undisputed: Decimal = ZERO
    oldest_past_due_on: date | None = None
    promised_amount: Decimal = ZERO
    broken_promises: int = 0
    unkept_promise_open: bool = False
    """A promise that was broken or only partly kept, with past-due money still unpaid."""
    reasons: list[tuple[str, str]] = field(default_factory=list)


def hold_reasons(figures: Figures, rules: Sequence[HoldRule], today: date) -> list[tuple[str, str]]:
    """The active rules an account breaks, each as (kind, reason in words)."""
    reasons: list[tuple[str, str]] = []
    for rule in rules:
        if not rule.active:
            continue
        # A limit of zero is "no limit set yet" (a customer the feed just created), as in most ERPs: such an
        # account is not held for exposure, only for the other reasons, until a credit manager sets one.
        exposure = figures.open_amount + figures.orders_amount
        over = figures.credit_limit > 0 and exposure > figures.credit_limit
        if rule.kind == HoldRuleKind.OVER_LIMIT and over:
            reasons.append(
                (
                    rule.kind,
                    f"Exposure {exposure:,.2f} {figures.currency} is over the credit limit of "
                    f"{figures.credit_limit:,.2f} {figures.currency}.",
                )
            )
        elif rule.kind == HoldRuleKind.PAST_DUE and figures.oldest_past_due_on is not None:
            days = (today - figures.oldest_past_due_on).days
            if days > (rule.days or 0):
                reasons.append(
                    (
                        rule.kind,
                        f"Undisputed money is {days} days past due (the limit is {rule.days or 0} days): "
                        f"{figures.past_due_undisputed:,.2f} {figures.currency}.",
                    )
                )
        elif rule.kind == HoldRuleKind.BROKEN_PROMISE and figures.unkept_promise_open:
            reasons.append((rule.kind, "A promise to pay was broken and the money is still past due."))
    return reasons


async def _figures(session: AsyncSession, account_ids: list[uuid.UUID], today: date) -> dict[uuid.UUID, Figures]:
    accounts = await session.execute(
        select(CustomerAccount.id, CustomerAccount.currency, CustomerAccount.credit_limit, CustomerAccount.risk_class)
        .where(CustomerAccount.id.in_(account_ids))
        .order_by(CustomerAccount.id)
    )
    figures = {row.id: Figures(row.currency, row.credit_limit, row.risk_class) for row in accounts}
    undisputed = Invoice.open_balance - Invoice.disputed_amount
    past_due = Invoice.due_date < today
    sums = await session.execute(
        select(
            Invoice.account_id,
            func.sum(Invoice.open_balance),
            func.sum(Invoice.disputed_amount),
            func.sum(case((past_due, undisputed), else_=ZERO)),
            func.min(case((and_(past_due, undisputed > 0), Invoice.due_date))),
        )
        .join(
            CustomerAccount,
            and_(CustomerAccount.id == Invoice.account_id, CustomerAccount.currency == Invoice.currency),
        )
        .where(Invoice.account_id.in_(account_ids), Invoice.open_balance > 0)
        .group_by(Invoice.account_id)
    )
    for account_id, open_amount, disputed, past_due_amount, oldest in sums:
        f = figures[account_id]
        f.open_amount, f.disputed_amount = open_amount or ZERO, disputed or ZERO
        f.past_due_undisputed, f.oldest_past_due_on = past_due_amount or ZERO, oldest
    # Approved orders not shipped yet (orders in another currency than the account's are not in its exposure).
    unshipped = await session.execute(
        select(SalesOrder.account_id, func.sum(SalesOrder.unshipped_amount))
        .join(CustomerAccount, CustomerAccount.id == SalesOrder.account_id)
        .where(
            SalesOrder.account_id.in_(account_ids),
            SalesOrder.credit_decision == CreditDecision.APPROVED.value,
            SalesOrder.currency == CustomerAccount.currency,
            SalesOrder.unshipped_amount > 0,
        )
        .group_by(SalesOrder.account_id)
    )
    for account_id, amount in unshipped:
        figures[account_id].orders_amount = amount or ZERO
    return figures


async def _settle_promises(
    session: AsyncSession, account_ids: list[uuid.UUID], figures: dict[uuid.UUID, Figures], today: date, now: datetime
) -> list[PromiseToPay]:
    """Mark open promises kept (their invoices received the amount since), or broken or partly kept once their
    day has passed; count each account's live promised money and recent broken promises. Returns those broken."""
    settled_now = Invoice.paid_amount + Invoice.credited_amount + Invoice.written_off_amount
    sqlite = session.get_bind().dialect.name == "sqlite"
    smaller, larger = (func.min, func.max) if sqlite else (func.least, func.greatest)
    received = func.sum(
        smaller(
            PromiseItem.amount, larger(settled_now - PromiseItem.settled_before, ZERO, type_=Money()), type_=Money()
        )
    )
    rows = await session.execute(
        select(PromiseToPay, received)
        .join(PromiseItem, PromiseItem.promise_id == PromiseToPay.id)
        .join(Invoice, Invoice.id == PromiseItem.invoice_id)
        .where(PromiseToPay.account_id.in_(account_ids), PromiseToPay.status == PromiseStatus.OPEN.value)
        .group_by(PromiseToPay.id)
    )
    broken: list[PromiseToPay] = []
    for promise, got in rows:
        promise.received_amount = min(promise.amount, got or ZERO)
        if promise.received_amount >= promise.amount:
            promise.status, promise.settled_at = PromiseStatus.KEPT.value, now
        elif promise.promised_on < today:
            promise.status = (PromiseStatus.PARTLY_KEPT if promise.received_amount > 0 else PromiseStatus.BROKEN).value
            promise.settled_at = now
            broken.append(promise)
        else:
            figures[promise.account_id].promised_amount += promise.amount - promise.received_amount
    recent = await session.execute(
        select(PromiseToPay.account_id, func.count())
        .where(
            PromiseToPay.account_id.in_(account_ids),
            PromiseToPay.status.in_([PromiseStatus.BROKEN.value, PromiseStatus.PARTLY_KEPT.value]),
            PromiseToPay.settled_at >= now - BROKEN_PROMISE_MEMORY,
        )
        .group_by(PromiseToPay.account_id)
    )
    for account_id, count in recent:
        figures[account_id].broken_promises = count
        figures[account_id].unkept_promise_open = figures[account_id].past_due_undisputed > 0
    return broken


async def _notify_broken(session: AsyncSession, broken: list[PromiseToPay], now: datetime) -> None:
    """Each broken promise goes on the account's timeline and to its collector's inbox."""
    if not broken:
        return
    collectors = dict(
        (
            await session.execute(
                select(CreditPosition.account_id, User.email)
                .join(User, User.id == CreditPosition.collector_id)
                .where(CreditPosition.account_id.in_({p.account_id for p in broken}), User.is_active.is_(True))
            )
        ).all()
    )
    names = dict(
        (
            await session.execute(
                select(CustomerAccount.id, CustomerAccount.name).where(
                    CustomerAccount.id.in_({p.account_id for p in broken})
                )
            )
        ).all()
    )
    for promise in broken:
        words = "partly kept" if promise.status == PromiseStatus.PARTLY_KEPT.value else "broken"
        session.add(
            ContactEntry(
                account_id=promise.account_id,
                kind=ContactKind.PROMISE.value,
                outcome=f"Promise {words}",
                note=f"{promise.received_amount:,.2f} of {promise.amount:,.2f} {promise.currency} arrived by "
                f"{promise.promised_on.isoformat()}.",
                at=now,
                promise_id=promise.id,
            )
        )
        address = collectors.get(promise.account_id)
        if address:
            enqueue_email(
                session,
                to=address,
                subject=f"Promise to pay {words}: {names.get(promise.account_id, '')}",
                now=now,
                body=compose(
                    "A promise to pay was {words}.\n\nAccount: {account}\nPromised: {amount} by {date}\n"
                    "Received: {received}\n",
                    words=words,
                    account=names.get(promise.account_id, ""),
                    amount=f"{promise.amount:,.2f} {promise.currency}",
                    date=promise.promised_on.isoformat(),
                    received=f"{promise.received_amount:,.2f} {promise.currency}",
                ),
            )
    await record_events(
        session,
        [
            EventRecord(
                action="promise.broken" if p.status == PromiseStatus.BROKEN.value else "promise.partly_kept",
                entity_type="promise_to_pay",
                entity_id=p.id,
                account_id=p.account_id,
                before={"status": PromiseStatus.OPEN.value},
                after={"status": p.status, "received": p.received_amount},
                occurred_at=now,
            )
            for p in broken
        ],
    )


async def _apply_holds(
    session: AsyncSession,
    figures: dict[uuid.UUID, Figures],
    positions: dict[uuid.UUID, Any],
    rules: Sequence[HoldRule],
    today: date,
    now: datetime,
) -> dict[uuid.UUID, str]:
    """Place, update or release holds; returns each account's waived kinds after the assessment."""
    active = {
        hold.account_id: hold
        for hold in (
            await session.execute(
                select(CreditHold).where(CreditHold.account_id.in_(list(figures)), CreditHold.released_at.is_(None))
            )
        ).scalars()
    }
    events: list[EventRecord] = []
    waived_after: dict[uuid.UUID, str] = {}
    for account_id, f in figures.items():
        reasons = hold_reasons(f, rules, today)
        kinds = {kind for kind, _ in reasons}
        waived = {k for k in positions[account_id].waived_hold_kinds.split(",") if k} & kinds
        waived_after[account_id] = ",".join(sorted(waived))
        standing = [(kind, words) for kind, words in reasons if kind not in waived]
        hold = active.get(account_id)
        f.reasons = standing
        if standing and hold is None:
            hold = CreditHold(
                account_id=account_id,
                reasons="\n".join(words for _, words in standing),
                kinds=",".join(kind for kind, _ in standing),
                placed_at=now,
                release_note="",
            )
            session.add(hold)
            await session.flush()
            events.append(
                EventRecord(
                    action="credit.hold_placed",
                    entity_type="customer_account",
                    entity_id=account_id,
                    account_id=account_id,
                    after={"reasons": hold.reasons},
                    occurred_at=now,
                )
            )
        elif hold is not None and not reasons:
            hold.released_at, hold.release_note = now, "Released automatically: the reasons cleared."
            events.append(
                EventRecord(
                    action="credit.hold_released",
                    entity_type="customer_account",
                    entity_id=account_id,
                    account_id=account_id,
                    before={"reasons": hold.reasons},
                    after={"released": "automatically"},
                    occurred_at=now,
                )
            )
        elif hold is not None and standing:
            hold.reasons = "\n".join(words for _, words in standing)
            hold.kinds = ",".join(kind for kind, _ in standing)
    await record_events(session, events)
    return waived_after


async def assess(session: AsyncSession, account_ids: Sequence[uuid.UUID], *, today: date, now: datetime) -> None:
    """Bring the accounts' positions, promises and holds up to date, in the caller's transaction (not committed)."""
    ordered = sorted(set(account_ids))
    if not ordered:
        return
    rules = list((await session.execute(select(HoldRule))).scalars())
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        # The positions first, locked in account order: two assessments of overlapping accounts queue, never cross.
        positions = {
            row.account_id: row
            for row in await session.execute(
                select(CreditPosition.account_id, CreditPosition.waived_hold_kinds)
                .where(CreditPosition.account_id.in_(batch))
                .order_by(CreditPosition.account_id)
                .with_for_update()
            )
        }
        figures = {a: f for a, f in (await _figures(session, batch, today)).items() if a in positions}
        broken = await _settle_promises(session, list(figures), figures, today, now)
        await _notify_broken(session, broken, now)
        waived = await _apply_holds(session, figures, positions, rules, today, now)
        await session.execute(
            update(CreditPosition),
            [
                {
                    "account_id": account_id,
                    "past_due_undisputed": f.past_due_undisputed,
                    "orders_amount": f.orders_amount,
                    "oldest_past_due_on": f.oldest_past_due_on,
                    "promised_amount": f.promised_amount,
                    "broken_promises": f.broken_promises,
                    "priority": priority_of(
                        f.past_due_undisputed, f.oldest_past_due_on, f.risk_class, f.broken_promises, today
                    ).score,
                    "on_hold": bool(f.reasons),
                    "waived_hold_kinds": waived[account_id],
                    "assessed_on": today,
                }
                for account_id, f in figures.items()
            ],
        )


async def assess_all(session: AsyncSession, *, today: date, now: datetime, commit_every: int = BATCH) -> int:
    """Assess every account, committing per batch (the nightly run); how many were assessed."""
    account_ids = list(
        (await session.execute(select(CreditPosition.account_id).order_by(CreditPosition.account_id))).scalars()
    )
    for start in range(0, len(account_ids), commit_every):
        await assess(session, account_ids[start : start + commit_every], today=today, now=now)
        await session.commit()
    return len(account_ids)


async def accounts_of_invoices(session: AsyncSession, invoice_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    """The accounts some invoices belong to (for assessing after a set-based money move)."""
    if not invoice_ids:
        return []
    rows = await session.execute(select(Invoice.account_id).where(Invoice.id.in_(list(invoice_ids))).distinct())
    return list(rows.scalars())
