"""Dunning: which invoices are due a reminder at which level, and sending the letters.

An invoice is due a level when the level's day (its due date + the level's days, negative before) has come and
it has not had that level or a later one. What a letter asks for is each invoice's open balance **less its
disputed amount**: disputed money is listed apart as "under review, not due now" and never in the amount due.
An invoice with a live promise to pay is left out until the promised day; an account whose reminders are paused
gets none until the pause ends.

Idempotent: a partial unique index on (invoice, level) means an invoice receives each level once, so a second
run on the same day finds nothing new. Runs are serialised on the letter-number row, taken before planning, so
a concurrent run plans from what the first one committed.

Set-based: accounts go in batches (``BATCH``), each costing the same statements whatever its size — the batch,
its candidate invoices, its recipients, the numbers, then one insert each of letters, items, e-mails, timeline
entries and audit events — and each batch commits.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.bulk import bulk_insert, bulk_insert_tuples
from backend.db.ids import new_id
from backend.domain.accounts.models import CustomerAccount
from backend.domain.audit.service import EventRecord, append_events
from backend.domain.credit.enums import ContactKind, PromiseStatus
from backend.domain.credit.models import (
    ContactEntry,
    DunningLetter,
    DunningLetterItem,
    DunningLevel,
    PromiseItem,
    PromiseToPay,
)
from backend.domain.invoices.delivery import billing_contacts
from backend.domain.invoices.models import Invoice
from backend.domain.mail.compose import line
from backend.domain.mail.models import OutboxEmail
from backend.domain.resolution.models import NumberSequence

ZERO = Decimal("0.00")
BATCH = 500
SEQUENCE = "dunning_letter"
ITEM_COLUMNS = ("account_id", "letter_id", "invoice_id", "level_position", "amount", "days_overdue", "under_review")


@dataclass(frozen=True)
class Level:
    position: int
    name: str
    days_after_due: int
    subject: str
    body: str


@dataclass
class PlannedItem:
    invoice_id: uuid.UUID
    number: str
    due_date: date
    days_overdue: int
    amount: Decimal
    """Due now (open, undisputed); for an item under review, the disputed amount."""
    level_position: int
    under_review: bool = False


@dataclass
class PlannedLetter:
    account_id: uuid.UUID
    account_number: str
    account_name: str
    currency: str
    level: Level
    items: list[PlannedItem] = field(default_factory=list)
    under_review: list[PlannedItem] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)

    @property
    def amount_due(self) -> Decimal:
        return sum((i.amount for i in self.items), ZERO)

    @property
    def under_review_amount(self) -> Decimal:
        return sum((i.amount for i in self.under_review), ZERO)


@dataclass(frozen=True)
class RunSummary:
    letters: int
    items: int
    amount_due: dict[str, Decimal]
    by_level: dict[str, int]
    accounts_considered: int
    batches: int


async def active_levels(session: AsyncSession) -> list[Level]:
    rows = await session.execute(
        select(DunningLevel).where(DunningLevel.active.is_(True)).order_by(DunningLevel.days_after_due)
    )
    return [Level(r.position, r.name, r.days_after_due, r.subject, r.body) for r in rows.scalars()]


async def _account_batch(
    session: AsyncSession, after: uuid.UUID | None, account_ids: Sequence[uuid.UUID] | None, today: date
) -> list[Any]:
    statement = select(CustomerAccount.id, CustomerAccount.number, CustomerAccount.name).where(
        or_(CustomerAccount.dunning_paused_until.is_(None), CustomerAccount.dunning_paused_until < today)
    )
    if account_ids is not None:
        statement = statement.where(CustomerAccount.id.in_(list(account_ids)))
    if after is not None:
        statement = statement.where(CustomerAccount.id > after)
    return list((await session.execute(statement.order_by(CustomerAccount.id).limit(BATCH))).all())


def _level_case(levels: Sequence[Level], today: date) -> Any:
    """The highest level whose day has come for an invoice, as SQL (0: none yet): one threshold date per level."""
    return case(
        *(
            (Invoice.due_date <= today - timedelta(days=level.days_after_due), level.position)
            for level in sorted(levels, key=lambda lv: lv.days_after_due, reverse=True)
        ),
        else_=0,
    )


async def _candidates(
    session: AsyncSession, account_ids: list[uuid.UUID], today: date, levels: Sequence[Level]
) -> list[Any]:
    """Open invoices of the accounts whose first level's day has come: the level reached, the last level sent,
    whether a live promise covers them. A Core read on the session's connection: the run is system work (or a
    staff member's, who sees every account), so no tenant scope applies; the decisions are made in Python
    (a filter on the subqueries in SQL made PostgreSQL run them twice per row)."""
    last_level = (
        select(func.coalesce(func.max(DunningLetterItem.level_position), 0))
        .where(DunningLetterItem.invoice_id == Invoice.id, ~DunningLetterItem.under_review)
        .scalar_subquery()
    )
    promised = (
        select(PromiseItem.id)
        .join(PromiseToPay, PromiseToPay.id == PromiseItem.promise_id)
        .where(
            PromiseItem.invoice_id == Invoice.id,
            PromiseToPay.status == PromiseStatus.OPEN.value,
            PromiseToPay.promised_on >= today,
        )
        .exists()
    )
    statement = (
        select(
            Invoice.id,
            Invoice.account_id,
            Invoice.number,
            Invoice.due_date,
            Invoice.currency,
            Invoice.open_balance,
            Invoice.disputed_amount,
            _level_case(levels, today),
            last_level,
            promised,
        )
        .where(
            Invoice.account_id.in_(account_ids),
            Invoice.open_balance > 0,
            Invoice.due_date <= today - timedelta(days=levels[0].days_after_due),
        )
        .order_by(Invoice.account_id, Invoice.due_date, Invoice.number)
    )
    connection = await session.connection()
    return list((await connection.execute(statement)).all())


def _plan_batch(
    accounts: list[Any], candidates: list[Any], levels: Sequence[Level], today: date
) -> list[PlannedLetter]:
    names = {a.id: (a.number, a.name) for a in accounts}
    by_position = {level.position: level for level in levels}
    letters: dict[tuple[uuid.UUID, str], PlannedLetter] = {}
    reviews: dict[tuple[uuid.UUID, str], list[PlannedItem]] = defaultdict(list)
    for (
        invoice_id,
        account_id,
        number,
        due_date,
        currency,
        open_balance,
        disputed,
        position,
        last,
        promised,
    ) in candidates:
        days = (today - due_date).days
        key = (account_id, currency)
        if disputed > 0 and days > 0:
            reviews[key].append(PlannedItem(invoice_id, number, due_date, days, disputed, position, True))
        due_now = open_balance - disputed
        if due_now <= 0 or position <= last or promised:
            continue  # all of it disputed, this level already sent, or promised
        letter = letters.get(key)
        if letter is None:
            number_and_name = names[account_id]
            letter = letters[key] = PlannedLetter(account_id, *number_and_name, currency, by_position[position])
        elif position > letter.level.position:
            letter.level = by_position[position]
        letter.items.append(PlannedItem(invoice_id, number, due_date, days, due_now, position))
    for key, letter in letters.items():
        letter.under_review = reviews.get(key, [])
    return list(letters.values())


def _as_text(item: PlannedItem, currency: str) -> str:
    when = f"{item.days_overdue} days overdue" if item.days_overdue > 0 else f"due {item.due_date.isoformat()}"
    return f"  {line(item.number, 40)}  due {item.due_date.isoformat()}  {when}  {item.amount:,.2f} {currency}"


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def letter_body(letter: PlannedLetter, portal_url: str) -> str:
    """The level's words with the letter's facts filled in as inert text (outside data goes through ``line``)."""
    items = "\n".join(_as_text(i, letter.currency) for i in letter.items if not i.under_review)
    review = ""
    if letter.under_review:
        review = (
            "Under review, not due now (you disputed these; we will tell you the outcome):\n"
            + "\n".join(_as_text(i, letter.currency) for i in letter.under_review)
            + "\n\n"
        )
    fields = _Fields(
        account=line(letter.account_name),
        items=items,
        amount_due=f"{letter.amount_due:,.2f} {letter.currency}",
        under_review=review,
        portal=portal_url,
    )
    return letter.level.body.format_map(fields)


async def plan(
    session: AsyncSession, *, today: date, account_ids: Sequence[uuid.UUID] | None = None, limit: int | None = None
) -> tuple[list[PlannedLetter], int]:
    """The letters a run would send now, without sending (the collector's preview); with the accounts considered."""
    levels = await active_levels(session)
    if not levels:
        return [], 0
    planned: list[PlannedLetter] = []
    after, considered = None, 0
    while limit is None or len(planned) < limit:
        accounts = await _account_batch(session, after, account_ids, today)
        if not accounts:
            break
        considered += len(accounts)
        after = accounts[-1].id
        ids = [a.id for a in accounts]
        letters = _plan_batch(accounts, await _candidates(session, ids, today, levels), levels, today)
        recipients = (
            await billing_contacts(session, [letter.account_id for letter in letters], reminders=True)
            if letters
            else {}
        )
        for letter in letters:
            letter.recipients = recipients.get(letter.account_id, [])
        planned.extend(letters)
        if len(accounts) < BATCH:
            break
    return (planned if limit is None else planned[:limit]), considered


async def _take_numbers(session: AsyncSession, count: int, today: date) -> list[str]:
    first = (
        await session.execute(
            select(NumberSequence.next_value).where(NumberSequence.name == SEQUENCE).with_for_update()
        )
    ).scalar_one()
    if count:
        await session.execute(
            update(NumberSequence)
            .where(NumberSequence.name == SEQUENCE)
            .values(next_value=first + count)
            .execution_options(synchronize_session=False)
        )
    return [f"R-{today.year}-{n:06d}" for n in range(first, first + count)]


async def _write(
    session: AsyncSession,
    letters: list[PlannedLetter],
    *,
    today: date,
    now: datetime,
    portal_url: str,
    sent_by: uuid.UUID | None,
) -> None:
    numbers = await _take_numbers(session, len(letters), today)
    letter_rows, mail_rows, entry_rows, events = [], [], [], []
    item_rows: list[tuple[Any, ...]] = []
    for letter, number in zip(letters, numbers, strict=True):
        letter_id = new_id()
        letter_rows.append(
            {
                "id": letter_id, "created_at": now, "account_id": letter.account_id, "number": number,
                "level_position": letter.level.position, "level_name": letter.level.name, "sent_on": today,
                "currency": letter.currency, "amount_due": letter.amount_due,
                "under_review_amount": letter.under_review_amount, "recipients": ", ".join(letter.recipients),
                "sent_by_id": sent_by,
            }
        )  # fmt: skip
        account_id = letter.account_id
        item_rows.extend(
            (
                account_id,
                letter_id,
                i.invoice_id,
                i.level_position,
                i.amount,
                i.days_overdue,
                i.under_review,
            )
            for i in (*letter.items, *letter.under_review)
        )
        body = letter_body(letter, portal_url)
        subject = line(f"{letter.level.subject} - {number}")
        for address in letter.recipients:
            mail_rows.append(
                {
                    "id": new_id(), "created_at": now, "recipient": address, "subject": subject, "body": body,
                    "sent_at": None, "attempts": 0, "last_error": None, "attachment_kind": "dunning_letter",
                    "attachment_id": letter_id,
                }
            )  # fmt: skip
        entry_rows.append(
            {
                "id": new_id(), "account_id": letter.account_id, "kind": ContactKind.LETTER.value,
                "outcome": f"{letter.level.name} sent",
                "note": f"{number}: {letter.amount_due:,.2f} {letter.currency} due"
                + (f", {letter.under_review_amount:,.2f} under review" if letter.under_review else "")
                + ("" if letter.recipients else " (nobody receives reminders: not e-mailed)"),
                "at": now, "by_user_id": sent_by, "letter_id": letter_id, "promise_id": None,
            }
        )  # fmt: skip
        events.append(
            EventRecord(
                action="dunning.letter_sent",
                entity_type="dunning_letter",
                entity_id=letter_id,
                actor_user_id=sent_by,
                account_id=letter.account_id,
                after={
                    "number": number,
                    "level": letter.level.name,
                    "amountDue": letter.amount_due,
                    "underReview": letter.under_review_amount,
                    "currency": letter.currency,
                },
                occurred_at=now,
            )
        )
    await bulk_insert(session, DunningLetter, letter_rows)
    await bulk_insert_tuples(session, DunningLetterItem, ITEM_COLUMNS, item_rows)
    await bulk_insert(session, OutboxEmail, mail_rows)
    await bulk_insert(session, ContactEntry, entry_rows)
    await append_events(session, events)


async def run(
    session: AsyncSession,
    *,
    today: date,
    now: datetime,
    portal_url: str,
    account_ids: Sequence[uuid.UUID] | None = None,
    sent_by: uuid.UUID | None = None,
) -> RunSummary:
    """Send every letter that is due (or only to ``account_ids``), committing per batch."""
    levels = await active_levels(session)
    letters_sent = items = considered = batches = 0
    due: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_level: dict[str, int] = defaultdict(int)
    after: uuid.UUID | None = None
    while levels:
        await _take_numbers(session, 0, today)  # serialises runs: plan from what an earlier run committed
        accounts = await _account_batch(session, after, account_ids, today)
        if not accounts:
            await session.commit()
            break
        batches += 1
        considered += len(accounts)
        after = accounts[-1].id
        ids = [a.id for a in accounts]
        letters = _plan_batch(accounts, await _candidates(session, ids, today, levels), levels, today)
        if letters:
            recipients = await billing_contacts(session, [letter.account_id for letter in letters], reminders=True)
            for letter in letters:
                letter.recipients = recipients.get(letter.account_id, [])
                due[letter.currency] += letter.amount_due
                by_level[letter.level.name] += 1
                items += len(letter.items)
            await _write(session, letters, today=today, now=now, portal_url=portal_url, sent_by=sent_by)
            letters_sent += len(letters)
        await session.commit()
        if len(accounts) < BATCH:
            break
    return RunSummary(letters_sent, items, dict(due), dict(by_level), considered, batches)


async def letters_of_account(session: AsyncSession, account_id: uuid.UUID, limit: int = 50) -> list[DunningLetter]:
    rows = await session.execute(
        select(DunningLetter)
        .where(DunningLetter.account_id == account_id)
        .order_by(DunningLetter.created_at.desc(), DunningLetter.number.desc())
        .limit(limit)
    )
    return list(rows.scalars())


async def letter_items(session: AsyncSession, letter_ids: Sequence[uuid.UUID]) -> list[list[Any]]:
    """Each letter's items with their invoice numbers and due dates, in the order asked."""
    rows = await session.execute(
        select(DunningLetterItem, Invoice.number, Invoice.due_date)
        .join(Invoice, Invoice.id == DunningLetterItem.invoice_id)
        .where(DunningLetterItem.letter_id.in_(list(letter_ids)))
        .order_by(DunningLetterItem.under_review, Invoice.due_date, Invoice.number)
    )
    grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for item, number, due_date in rows:
        grouped[item.letter_id].append((item, number, due_date))
    return [grouped.get(letter_id, []) for letter_id in letter_ids]


async def still_due_by_letter(session: AsyncSession, letter_ids: Sequence[uuid.UUID], today: date) -> list[Decimal]:
    """What each letter's due invoices still ask for now: open, undisputed and not under a live promise (a letter
    keeps what it said when sent; since then the customer may have paid, disputed or promised)."""
    promised = (
        select(PromiseItem.invoice_id, func.sum(PromiseItem.amount).label("amount"))
        .join(PromiseToPay, PromiseToPay.id == PromiseItem.promise_id)
        .where(PromiseToPay.status == PromiseStatus.OPEN.value, PromiseToPay.promised_on >= today)
        .group_by(PromiseItem.invoice_id)
        .subquery()
    )
    rows = await session.execute(
        select(DunningLetterItem.letter_id, Invoice.open_balance, Invoice.disputed_amount, promised.c.amount)
        .join(Invoice, Invoice.id == DunningLetterItem.invoice_id)
        .outerjoin(promised, promised.c.invoice_id == Invoice.id)
        .where(DunningLetterItem.letter_id.in_(list(letter_ids)), ~DunningLetterItem.under_review)
    )
    due: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for letter_id, open_balance, disputed, promised_amount in rows:
        due[letter_id] += max(ZERO, open_balance - disputed - (promised_amount or ZERO))
    return [due[letter_id] for letter_id in letter_ids]
