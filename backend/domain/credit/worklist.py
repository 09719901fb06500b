"""The collector's worklist and the actions taken on many accounts at once: assign, next action, log contact.

The list is one statement over ``credit_positions`` (one row per account, ranked by the stored priority, which
assessment keeps current), so its cost does not grow with the book's invoices.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.audit.service import EventRecord, record_events
from backend.domain.credit.enums import ContactKind
from backend.domain.credit.models import ContactEntry, CreditPosition
from backend.domain.credit.profile import require_collections
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.text import one_line

MAX_BULK = 200
OUTCOMES = (
    "Reached",
    "No answer",
    "Left a message",
    "Promised to pay",
    "Disputes the amount",
    "Says it is paid",
    "Other",
)


@dataclass(frozen=True)
class WorklistFilter:
    collector_id: uuid.UUID | None = None
    unassigned: bool = False
    on_hold: bool | None = None
    action_due_by: date | None = None
    """Only accounts whose next action is due on or before this day (or has none)."""
    search: str = ""
    include_current: bool = False
    """Also accounts with nothing past due."""


@dataclass(frozen=True)
class WorklistRow:
    position: CreditPosition
    account: CustomerAccount
    collector_name: str | None


def _statement(f: WorklistFilter) -> Select:  # type: ignore[type-arg]
    statement = (
        select(CreditPosition, CustomerAccount, User.full_name)
        .join(CustomerAccount, CustomerAccount.id == CreditPosition.account_id)
        .outerjoin(User, User.id == CreditPosition.collector_id)
    )
    if not f.include_current and f.on_hold is not True:
        # accounts on hold are worked whether or not money is past due (over the limit, say)
        statement = statement.where(CreditPosition.priority > 0)
    if f.collector_id is not None:
        statement = statement.where(CreditPosition.collector_id == f.collector_id)
    elif f.unassigned:
        statement = statement.where(CreditPosition.collector_id.is_(None))
    if f.on_hold is not None:
        statement = statement.where(CreditPosition.on_hold.is_(f.on_hold))
    if f.action_due_by is not None:
        statement = statement.where(
            or_(CreditPosition.next_action_on.is_(None), CreditPosition.next_action_on <= f.action_due_by)
        )
    if f.search.strip():
        needle = f"%{f.search.strip()[:100].lower()}%"
        statement = statement.where(
            or_(func.lower(CustomerAccount.name).like(needle), func.lower(CustomerAccount.number).like(needle))
        )
    return statement


async def worklist(
    session: AsyncSession, *, principal: Principal, filters: WorklistFilter, limit: int, offset: int
) -> tuple[list[WorklistRow], int, dict[str, Decimal]]:
    """A page of accounts, highest priority first, with how many match and their past-due totals per currency."""
    require_collections(principal)
    base = _statement(filters)
    page = await session.execute(
        base.order_by(CreditPosition.priority.desc(), CustomerAccount.number).limit(limit).offset(offset)
    )
    rows = [WorklistRow(position, account, name) for position, account, name in page]
    counted = (
        base.with_only_columns(CreditPosition.currency, func.count(), func.sum(CreditPosition.past_due_undisputed))
        .group_by(CreditPosition.currency)
        .order_by(CreditPosition.currency)
    )
    per_currency = (await session.execute(counted)).all()
    total = sum(count for _, count, _ in per_currency)
    return rows, int(total), {currency: amount or Decimal("0.00") for currency, _, amount in per_currency}


async def _positions(session: AsyncSession, account_ids: Sequence[uuid.UUID]) -> list[CreditPosition]:
    wanted = list(dict.fromkeys(account_ids))
    if not wanted or len(wanted) > MAX_BULK:
        raise InvalidInput("accountIds", f"Choose 1 to {MAX_BULK} accounts.", "accounts_count")
    positions = list(
        (
            await session.execute(
                select(CreditPosition)
                .where(CreditPosition.account_id.in_(wanted))
                .order_by(CreditPosition.account_id)
                .with_for_update()
            )
        ).scalars()
    )
    if len(positions) != len(wanted):
        raise NotFound("Account not found.")
    return positions


async def assign_collector(
    session: AsyncSession,
    *,
    principal: Principal,
    account_ids: Sequence[uuid.UUID],
    collector_id: uuid.UUID | None,
    now: datetime,
) -> list[CreditPosition]:
    """Give accounts to a collector (or to nobody)."""
    require_collections(principal)
    if collector_id is not None:
        collector = (
            await session.execute(select(User).where(User.id == collector_id, User.is_active.is_(True)))
        ).scalar_one_or_none()
        if collector is None or collector.role not in {"collector", "credit_manager", "admin"}:
            raise InvalidInput("collectorId", "Choose an active collector or credit manager.", "not_a_collector")
    positions = await _positions(session, account_ids)
    events = []
    for position in positions:
        if position.collector_id == collector_id:
            continue
        events.append(
            EventRecord(
                action="collections.assigned",
                entity_type="customer_account",
                entity_id=position.account_id,
                actor_user_id=principal.user_id,
                account_id=position.account_id,
                before={"collector": str(position.collector_id) if position.collector_id else None},
                after={"collector": str(collector_id) if collector_id else None},
                occurred_at=now,
            )
        )
        position.collector_id = collector_id
    await record_events(session, events)
    return positions


async def set_next_action(
    session: AsyncSession,
    *,
    principal: Principal,
    account_ids: Sequence[uuid.UUID],
    on: date | None,
    today: date,
    now: datetime,
) -> list[CreditPosition]:
    """Set the day a collector next looks at accounts (or clear it)."""
    require_collections(principal)
    if on is not None and on < today:
        raise InvalidInput("on", "The next action can't be in the past.", "date_in_past")
    positions = await _positions(session, account_ids)
    await record_events(
        session,
        [
            EventRecord(
                action="collections.next_action",
                entity_type="customer_account",
                entity_id=p.account_id,
                actor_user_id=principal.user_id,
                account_id=p.account_id,
                before={"nextActionOn": p.next_action_on.isoformat() if p.next_action_on else None},
                after={"nextActionOn": on.isoformat() if on else None},
                occurred_at=now,
            )
            for p in positions
        ],
    )
    for position in positions:
        position.next_action_on = on
    return positions


async def log_contact(
    session: AsyncSession,
    *,
    principal: Principal,
    account_ids: Sequence[uuid.UUID],
    kind: str,
    outcome: str,
    note: str,
    now: datetime,
) -> list[ContactEntry]:
    """Write a call, an e-mail or a note on accounts' timelines."""
    require_collections(principal)
    if kind not in {ContactKind.CALL.value, ContactKind.EMAIL.value, ContactKind.NOTE.value}:
        raise InvalidInput("kind", "Log a call, an e-mail or a note.", "kind_unknown")
    if outcome and outcome not in OUTCOMES:
        raise InvalidInput("outcome", "Choose an outcome from the list.", "outcome_unknown")
    text = note.strip()
    if len(text) > 4000:
        raise InvalidInput("note", "Keep the note under 4,000 characters.", "note_too_long")
    if not text and not outcome:
        raise InvalidInput("note", "Write what happened.", "note_required")
    positions = await _positions(session, account_ids)
    entries = [
        ContactEntry(
            account_id=p.account_id,
            kind=kind,
            outcome=one_line(outcome, field="outcome", label="The outcome"),
            note=text,
            at=now,
            by_user_id=principal.user_id,
        )
        for p in positions
    ]
    session.add_all(entries)
    await session.flush()
    await record_events(
        session,
        [
            EventRecord(
                action="collections.contact_logged",
                entity_type="customer_account",
                entity_id=e.account_id,
                actor_user_id=principal.user_id,
                account_id=e.account_id,
                after={"kind": kind, "outcome": outcome},
                occurred_at=now,
            )
            for e in entries
        ],
    )
    return entries
