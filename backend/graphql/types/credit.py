"""Credit and collections as GraphQL shows them to customers and staff alike: an account's credit figures, its
reminders, its promises to pay. What only staff see (risk class, holds' history, the contact log) is in
``backend/console/collections_types.py``."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.credit.dunning import letter_items, still_due_by_letter
from backend.domain.credit.models import CreditHold as CreditHoldModel
from backend.domain.credit.models import CreditPosition, PromiseItem
from backend.domain.credit.models import DunningLetter as DunningLetterModel
from backend.domain.credit.models import PromiseToPay as PromiseModel
from backend.domain.invoices.models import Invoice
from backend.graphql.context import Info

ZERO = Decimal("0.00")


@strawberry.enum(description="Where a promise to pay stands.")
class PromiseStatus(Enum):
    OPEN = "open"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


@strawberry.type(description="An account's credit: its limit, what it owes (its exposure) in parts, and what is left.")
class CreditSummary:
    currency: str
    credit_limit: Decimal
    exposure: Decimal = strawberry.field(
        description="Open receivables (disputed included) plus approved orders not shipped yet, in the account's "
        "currency."
    )
    open_receivables: Decimal = strawberry.field(description="Open invoices in the account's currency.")
    approved_orders: Decimal = strawberry.field(description="Approved orders not shipped yet: part of the exposure.")
    current: Decimal = strawberry.field(description="Open, undisputed and not yet past due.")
    past_due_undisputed: Decimal = strawberry.field(description="Open, undisputed money past its due date.")
    in_dispute: Decimal = strawberry.field(description="Open money under dispute: never dunned, never past due.")
    available_credit: Decimal = strawberry.field(description="Limit less exposure (negative: over the limit).")
    promised: Decimal = strawberry.field(description="Money under live promises to pay.")
    on_hold: bool
    hold_reasons: list[str]
    hold_since: datetime | None
    as_of: date | None = strawberry.field(description="The day past-due money was last assessed.")

    @classmethod
    def of(cls, credit_limit: Decimal, position: CreditPosition | None, hold: CreditHoldModel | None) -> CreditSummary:
        if position is None:
            return cls(
                currency="", credit_limit=credit_limit, exposure=ZERO, open_receivables=ZERO, approved_orders=ZERO,
                current=ZERO, past_due_undisputed=ZERO,
                in_dispute=ZERO, available_credit=credit_limit, promised=ZERO, on_hold=False, hold_reasons=[],
                hold_since=None, as_of=None,
            )  # fmt: skip
        past_due = min(position.past_due_undisputed, position.open_amount - position.disputed_amount)
        return cls(
            currency=position.currency,
            credit_limit=credit_limit,
            exposure=position.open_amount + position.orders_amount,
            open_receivables=position.open_amount,
            approved_orders=position.orders_amount,
            current=max(ZERO, position.open_amount - position.disputed_amount - past_due),
            past_due_undisputed=max(ZERO, past_due),
            in_dispute=position.disputed_amount,
            available_credit=credit_limit - position.open_amount - position.orders_amount,
            promised=position.promised_amount,
            on_hold=hold is not None,
            hold_reasons=hold.reasons.splitlines() if hold else [],
            hold_since=hold.placed_at if hold else None,
            as_of=position.assessed_on,
        )


async def credit_summary(info: Info, account_id: uuid.UUID, credit_limit: Decimal) -> CreditSummary:
    """One account's summary: its position row and its active hold (two indexed reads, nothing summed)."""
    db = info.context.db
    position = (await db.execute(select(CreditPosition).where(CreditPosition.account_id == account_id))).scalar()
    hold = (
        await db.execute(
            select(CreditHoldModel).where(
                CreditHoldModel.account_id == account_id, CreditHoldModel.released_at.is_(None)
            )
        )
    ).scalar()
    return CreditSummary.of(credit_limit, position, hold)


@strawberry.type(description="One invoice on a reminder: due now, or listed apart as under review.")
class ReminderItem:
    invoice_id: strawberry.ID
    invoice_number: str
    due_date: date
    days_overdue: int
    amount: Decimal = strawberry.field(description="Due now; for an item under review, the disputed amount.")
    under_review: bool


@strawberry.type(description="A payment reminder (dunning letter) sent to the account.")
class Reminder:
    id: strawberry.ID
    number: str
    level_name: str
    level: int
    sent_on: date
    currency: str
    amount_due: Decimal = strawberry.field(
        description="Open, undisputed money the letter asks for; never disputed money."
    )
    under_review_amount: Decimal
    still_due: Decimal = strawberry.field(
        description="What the letter's due invoices still ask for now: open, undisputed, not promised (the letter "
        "keeps what it said when sent)."
    )
    recipients: list[str]
    pdf_url: str
    items: list[ReminderItem] = strawberry.field(description="The invoices on the letter, due ones first.")


async def reminders_of(db: AsyncSession, letters: list[DunningLetterModel], today: date) -> list[Reminder]:
    """Letters as GraphQL shows them, with their items and what is still due read for all of them at once
    (two statements, no resolver per letter)."""
    ids = [letter.id for letter in letters]
    items = await letter_items(db, ids) if ids else []
    still_due = await still_due_by_letter(db, ids, today) if ids else []
    return [
        Reminder(
            id=strawberry.ID(str(letter.id)),
            number=letter.number,
            level_name=letter.level_name,
            level=letter.level_position,
            sent_on=letter.sent_on,
            currency=letter.currency,
            amount_due=letter.amount_due,
            under_review_amount=letter.under_review_amount,
            still_due=due,
            recipients=[r for r in letter.recipients.split(", ") if r],
            pdf_url=f"/api/reminders/{letter.id}/pdf",
            items=[
                ReminderItem(
                    invoice_id=strawberry.ID(str(item.invoice_id)),
                    invoice_number=number,
                    due_date=due_date,
                    days_overdue=item.days_overdue,
                    amount=item.amount,
                    under_review=item.under_review,
                )
                for item, number, due_date in letter_rows
            ],
        )
        for letter, letter_rows, due in zip(letters, items, still_due, strict=True)
    ]


@strawberry.type(description="One invoice under a promise to pay, with the part of the promise on it.")
class PromisedInvoice:
    invoice_id: strawberry.ID
    invoice_number: str
    amount: Decimal


@strawberry.type(description="A promise to pay an amount by a date, for named invoices.")
class PromiseToPay:
    id: strawberry.ID
    amount: Decimal
    currency: str
    promised_on: date
    status: PromiseStatus
    received_amount: Decimal
    made_in_portal: bool
    note: str
    created_at: datetime
    invoices: list[PromisedInvoice]

    @classmethod
    def from_model(cls, promise: PromiseModel, invoices: list[PromisedInvoice]) -> PromiseToPay:
        return cls(
            id=strawberry.ID(str(promise.id)),
            amount=promise.amount,
            currency=promise.currency,
            promised_on=promise.promised_on,
            status=PromiseStatus(promise.status),
            received_amount=promise.received_amount,
            made_in_portal=promise.made_in_portal,
            note=promise.note,
            created_at=promise.created_at,
            invoices=invoices,
        )


async def promises_with_invoices(info: Info, promises: list[PromiseModel]) -> list[PromiseToPay]:
    """Promises as GraphQL shows them, their invoices read in one statement."""
    if not promises:
        return []
    rows = await info.context.db.execute(
        select(PromiseItem.promise_id, PromiseItem.invoice_id, Invoice.number, PromiseItem.amount)
        .join(Invoice, Invoice.id == PromiseItem.invoice_id)
        .where(PromiseItem.promise_id.in_([p.id for p in promises]))
        .order_by(Invoice.due_date, Invoice.number)
    )
    by_promise: dict[uuid.UUID, list[PromisedInvoice]] = {}
    for promise_id, invoice_id, number, amount in rows:
        by_promise.setdefault(promise_id, []).append(
            PromisedInvoice(invoice_id=strawberry.ID(str(invoice_id)), invoice_number=number, amount=amount)
        )
    return [PromiseToPay.from_model(p, by_promise.get(p.id, [])) for p in promises]
