"""Console reads for credit and collections: the worklist, one account's collections view, the dunning preview."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum

import strawberry
from sqlalchemy import select

from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount as AccountModel
from backend.domain.accounts.models import User
from backend.domain.credit import account_view
from backend.domain.credit.dunning import letters_of_account, plan
from backend.domain.credit.kpis import collections_kpis
from backend.domain.credit.models import CreditPosition, DunningLevel, HoldRule
from backend.domain.credit.priority import priority_of
from backend.domain.credit.profile import require_collections
from backend.domain.credit.replies import payment_claims
from backend.domain.credit.worklist import OUTCOMES, WorklistFilter, worklist
from backend.domain.errors import DomainError
from backend.graphql.context import Info, acting_principal
from backend.graphql.errors import PublicError
from backend.graphql.offset_paging import offset_after, offset_cursor
from backend.graphql.pagination import PageInfo, clamp_page_size, offset_page_info
from backend.graphql.permissions import IsStaff
from backend.graphql.types.account import CustomerAccount
from backend.graphql.types.credit import (
    CreditSummary,
    PromiseToPay,
    Reminder,
    credit_summary,
    promises_with_invoices,
    reminders_of,
)


@strawberry.enum(description="How risky the customer is, as the credit manager judges it.")
class RiskClass(Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@strawberry.type(description="Why an account ranks where it does on the worklist.")
class Priority:
    score: Decimal
    past_due: Decimal = strawberry.field(description="Undisputed past-due money.")
    days_past_due: int = strawberry.field(description="How long the oldest undisputed item has been past due.")
    age_factor: Decimal
    risk_factor: Decimal
    promise_factor: Decimal = strawberry.field(description="1 + 0.5 for each promise broken in the last year.")
    explanation: str


def _priority(position: CreditPosition, risk_class: str, today: date) -> Priority:
    p = priority_of(
        position.past_due_undisputed, position.oldest_past_due_on, risk_class, position.broken_promises, today
    )
    explanation = (
        f"{p.past_due:,.2f} past due × {p.age_factor} for {p.days_past_due} days × {p.risk_factor} for "
        f"{risk_class} risk × {p.promise_factor} for {position.broken_promises} broken promise(s)"
    )
    return Priority(
        score=p.score,
        past_due=p.past_due,
        days_past_due=p.days_past_due,
        age_factor=p.age_factor,
        risk_factor=p.risk_factor,
        promise_factor=p.promise_factor,
        explanation=explanation,
    )


@strawberry.type(description="One account on the collections worklist.")
class WorklistEntry:
    account: CustomerAccount
    currency: str
    past_due_undisputed: Decimal
    in_dispute: Decimal
    exposure: Decimal
    credit_limit: Decimal
    risk_class: RiskClass
    priority: Priority
    on_hold: bool
    broken_promises: int
    promised: Decimal
    collector_name: str | None
    collector_id: strawberry.ID | None
    next_action_on: date | None
    dunning_paused_until: date | None


@strawberry.type(description="A page of the worklist, highest priority first.")
class WorklistPage:
    entries: list[WorklistEntry]
    page_info: PageInfo
    total_count: int
    past_due_totals: list[MoneyTotal] = strawberry.field(
        description="Undisputed past-due money of every account matching, per currency."
    )


@strawberry.type(description="An amount in one currency.")
class MoneyTotal:
    currency: str
    amount: Decimal


@strawberry.input(description="Narrow the worklist; parts combine with AND.")
class WorklistFilterInput:
    mine: bool = False
    collector_id: strawberry.ID | None = None
    unassigned: bool = False
    on_hold: bool | None = None
    action_due: bool = strawberry.field(default=False, description="Only accounts whose next action is due today.")
    search: str = ""
    include_current: bool = strawberry.field(default=False, description="Also accounts with nothing past due.")


@strawberry.type(description="A credit hold, current or past.")
class CreditHold:
    id: strawberry.ID
    reasons: list[str]
    placed_at: datetime
    released_at: datetime | None
    released_by_name: str | None
    release_note: str


@strawberry.type(description="A line of the account's collections timeline.")
class ContactEntry:
    id: strawberry.ID
    kind: str
    outcome: str
    note: str
    at: datetime
    by_name: str | None


@strawberry.type(description="Someone at the customer with a login.")
class AccountPerson:
    full_name: str
    email: str
    is_admin: bool
    is_active: bool
    receives_invoices: bool
    receives_reminders: bool


@strawberry.type(description="An open invoice as a collector sees it.")
class OpenItem:
    invoice_id: strawberry.ID
    number: str
    due_date: date
    days_overdue: int
    open_balance: Decimal
    disputed_amount: Decimal
    promised: Decimal
    due_now: Decimal = strawberry.field(description="Open, undisputed, not promised: what a reminder would ask for.")
    currency: str
    last_reminder_level: int | None


@strawberry.type(description="An account's credit profile, which credit managers change.")
class CreditProfile:
    credit_limit: Decimal
    currency: str
    risk_class: RiskClass
    payment_terms_days: int
    credit_review_on: date | None
    version: int


@strawberry.type(description="Everything a collector needs about one account.")
class CollectionsAccount:
    account: CustomerAccount
    credit: CreditSummary
    profile: CreditProfile
    priority: Priority
    collector_id: strawberry.ID | None
    collector_name: str | None
    next_action_on: date | None
    dunning_paused_until: date | None
    dunning_pause_reason: str
    open_items: list[OpenItem]
    holds: list[CreditHold]
    promises: list[PromiseToPay]
    reminders: list[Reminder]
    contacts: list[ContactEntry]
    people: list[AccountPerson] = strawberry.field(
        description="The customer's people with a login: whom to call, and who receives invoices and reminders."
    )


@strawberry.type(description="A customer's answer to a reminder: they say it is paid.")
class PaymentClaim:
    account_id: strawberry.ID
    account_number: str
    account_name: str
    said: str = strawberry.field(description="The reminder, amount, day paid and reference, as the customer gave them.")
    at: datetime


@strawberry.type(description="A letter the next dunning run would send.")
class PlannedReminder:
    account_id: strawberry.ID
    account_number: str
    account_name: str
    level_name: str
    level: int
    currency: str
    amount_due: Decimal
    under_review_amount: Decimal
    invoice_numbers: list[str]
    recipients: list[str]


@strawberry.type(description="What a dunning run would send now (nothing is sent by looking).")
class DunningPreview:
    letters: list[PlannedReminder]
    letter_count: int
    accounts_considered: int
    shown: int


@strawberry.type(description="A rule that puts accounts on credit hold.")
class HoldRuleView:
    kind: str
    days: int | None
    active: bool


@strawberry.type(description="One step of the reminder ladder.")
class DunningLevelView:
    id: strawberry.ID
    position: int
    name: str
    days_after_due: int = strawberry.field(description="When it applies: days after the due date (negative: before).")
    subject: str
    body: str = strawberry.field(
        description="The e-mail; {account}, {amount_due}, {items}, {under_review} and {portal} are filled in."
    )
    active: bool

    @classmethod
    def from_model(cls, level: DunningLevel) -> DunningLevelView:
        return cls(
            id=strawberry.ID(str(level.id)),
            position=level.position,
            name=level.name,
            days_after_due=level.days_after_due,
            subject=level.subject,
            body=level.body,
            active=level.active,
        )


@strawberry.type(description="Promises settled in the period, in one currency.")
class PromiseKpi:
    currency: str
    kept: int
    partly_kept: int
    broken: int
    kept_rate: Decimal = strawberry.field(description="Kept ÷ settled (kept, partly kept, broken), 0 to 1.")
    promised: Decimal
    collected: Decimal = strawberry.field(description="What arrived against those promises.")


@strawberry.type(description="Reminders sent at one level in the period.")
class LevelCount:
    level: int
    level_name: str
    letters: int


@strawberry.type(description="Undisputed past-due money in one age band and currency.")
class AgeAmount:
    currency: str
    age: str
    amount: Decimal


@strawberry.type(description="Collections figures for the period (promises, reminders) and today (holds, ages).")
class CollectionsKpis:
    since: date
    promises: list[PromiseKpi]
    letters_per_level: list[LevelCount]
    accounts_on_hold: int
    past_due_undisputed_by_age: list[AgeAmount]


PREVIEW_LIMIT = 500


def _account_id(value: strawberry.ID) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise PublicError("Account not found.") from error


@strawberry.type
class CollectionsQuery:
    @strawberry.field(description="Accounts with undisputed money past due, by priority.", permission_classes=[IsStaff])
    async def collections_worklist(
        self, info: Info, filter: WorklistFilterInput | None = None, first: int = 50, after: str | None = None
    ) -> WorklistPage:
        principal = acting_principal(info)
        f = filter or WorklistFilterInput()
        collector = principal.user_id if f.mine else (_account_id(f.collector_id) if f.collector_id else None)
        offset = offset_after(after)
        try:
            rows, total, past_due = await worklist(
                info.context.db,
                principal=principal,
                filters=WorklistFilter(
                    collector_id=collector,
                    unassigned=f.unassigned,
                    on_hold=f.on_hold,
                    action_due_by=info.context.today if f.action_due else None,
                    search=f.search,
                    include_current=f.include_current,
                ),
                limit=clamp_page_size(first, info.context.page_cap),
                offset=offset,
            )
        except DomainError as error:
            raise PublicError(error.message) from error
        today = info.context.today
        entries = [
            WorklistEntry(
                account=CustomerAccount.from_model(r.account),
                currency=r.position.currency,
                past_due_undisputed=r.position.past_due_undisputed,
                in_dispute=r.position.disputed_amount,
                exposure=r.position.open_amount + r.position.orders_amount,
                credit_limit=r.account.credit_limit,
                risk_class=RiskClass(r.account.risk_class),
                priority=_priority(r.position, r.account.risk_class, today),
                on_hold=r.position.on_hold,
                broken_promises=r.position.broken_promises,
                promised=r.position.promised_amount,
                collector_name=r.collector_name,
                collector_id=strawberry.ID(str(r.position.collector_id)) if r.position.collector_id else None,
                next_action_on=r.position.next_action_on,
                dunning_paused_until=r.account.dunning_paused_until,
            )
            for r in rows
        ]
        cursors = [offset_cursor(offset + i) for i in range(len(entries))]
        return WorklistPage(
            entries=entries,
            page_info=offset_page_info(cursors, offset, total),
            total_count=total,
            past_due_totals=[MoneyTotal(currency=c, amount=a) for c, a in past_due.items()],
        )

    @strawberry.field(description="One account's credit and collections view, or null.", permission_classes=[IsStaff])
    async def collections_account(self, info: Info, account_id: strawberry.ID) -> CollectionsAccount | None:
        principal = acting_principal(info)
        try:
            require_collections(principal)
        except DomainError as error:
            raise PublicError(error.message) from error
        try:
            wanted = uuid.UUID(str(account_id))
        except ValueError:
            return None
        db, today = info.context.db, info.context.today
        found = (
            await db.execute(
                select(AccountModel, CreditPosition, User.full_name)
                .join(CreditPosition, CreditPosition.account_id == AccountModel.id)
                .outerjoin(User, User.id == CreditPosition.collector_id)
                .where(AccountModel.id == wanted)
            )
        ).first()
        if found is None:
            return None
        account, position, collector_name = found
        items = await account_view.open_items(db, account.id, today)
        return CollectionsAccount(
            account=CustomerAccount.from_model(account),
            credit=await credit_summary(info, account.id, account.credit_limit),
            profile=CreditProfile(
                credit_limit=account.credit_limit,
                currency=account.currency,
                risk_class=RiskClass(account.risk_class),
                payment_terms_days=account.payment_terms_days,
                credit_review_on=account.credit_review_on,
                version=account.version,
            ),
            priority=_priority(position, account.risk_class, today),
            collector_id=strawberry.ID(str(position.collector_id)) if position.collector_id else None,
            collector_name=collector_name,
            next_action_on=position.next_action_on,
            dunning_paused_until=account.dunning_paused_until,
            dunning_pause_reason=account.dunning_pause_reason,
            open_items=[
                OpenItem(
                    invoice_id=strawberry.ID(str(i.invoice.id)),
                    number=i.invoice.number,
                    due_date=i.invoice.due_date,
                    days_overdue=i.days_overdue(today),
                    open_balance=i.invoice.open_balance,
                    disputed_amount=i.invoice.disputed_amount,
                    promised=i.promised,
                    due_now=max(Decimal("0.00"), i.invoice.open_balance - i.invoice.disputed_amount - i.promised),
                    currency=i.invoice.currency,
                    last_reminder_level=i.last_level,
                )
                for i in items
            ],
            holds=[
                CreditHold(
                    id=strawberry.ID(str(h.id)),
                    reasons=h.reasons.splitlines(),
                    placed_at=h.placed_at,
                    released_at=h.released_at,
                    released_by_name=name,
                    release_note=h.release_note,
                )
                for h, name in await account_view.holds(db, account.id)
            ],
            promises=await promises_with_invoices(info, await account_view.promises(db, account.id)),
            reminders=await reminders_of(db, await letters_of_account(db, account.id), today),
            contacts=[
                ContactEntry(
                    id=strawberry.ID(str(e.id)), kind=e.kind, outcome=e.outcome, note=e.note, at=e.at, by_name=name
                )
                for e, name in await account_view.contacts(db, account.id)
            ],
            people=[
                AccountPerson(
                    full_name=u.full_name,
                    email=u.email,
                    is_admin=u.role == "customer_admin",
                    is_active=u.is_active,
                    receives_invoices=u.receives_invoices,
                    receives_reminders=u.receives_reminders,
                )
                for u in await account_view.people(db, account.id)
            ],
        )

    @strawberry.field(
        description="The letters a dunning run would send now, the first 500 shown (nothing is sent).",
        permission_classes=[IsStaff],
    )
    async def dunning_preview(self, info: Info, account_ids: list[strawberry.ID] | None = None) -> DunningPreview:
        principal = acting_principal(info)
        try:
            require_collections(principal)
        except DomainError as error:
            raise PublicError(error.message) from error
        ids = [_account_id(a) for a in account_ids[:200]] if account_ids else None
        letters, considered = await plan(info.context.db, today=info.context.today, account_ids=ids)
        shown = letters[:PREVIEW_LIMIT]
        return DunningPreview(
            letters=[
                PlannedReminder(
                    account_id=strawberry.ID(str(letter.account_id)),
                    account_number=letter.account_number,
                    account_name=letter.account_name,
                    level_name=letter.level.name,
                    level=letter.level.position,
                    currency=letter.currency,
                    amount_due=letter.amount_due,
                    under_review_amount=letter.under_review_amount,
                    invoice_numbers=[i.number for i in letter.items],
                    recipients=letter.recipients,
                )
                for letter in shown
            ],
            letter_count=len(letters),
            accounts_considered=considered,
            shown=len(shown),
        )

    @strawberry.field(
        description="Promises kept, collected against promised, reminders per level (the last `days` days), accounts "
        "on hold and undisputed past-due money by age (today).",
        permission_classes=[IsStaff],
    )
    async def collections_kpis(self, info: Info, days: int = 90) -> CollectionsKpis:
        if not 1 <= days <= 730:
            raise PublicError("Choose a period of 1 to 730 days.")
        k = await collections_kpis(info.context.db, today=info.context.today, now=utc_now(), days=days)
        return CollectionsKpis(
            since=k.since,
            promises=[
                PromiseKpi(
                    currency=p.currency,
                    kept=p.kept,
                    partly_kept=p.partly_kept,
                    broken=p.broken,
                    kept_rate=(Decimal(p.kept) / Decimal(p.kept + p.partly_kept + p.broken)).quantize(Decimal("0.001"))
                    if p.kept + p.partly_kept + p.broken
                    else Decimal("0"),
                    promised=p.promised,
                    collected=p.collected,
                )
                for p in k.promises
            ],
            letters_per_level=[LevelCount(level=p, level_name=n, letters=c) for p, n, c in k.letters_per_level],
            accounts_on_hold=k.accounts_on_hold,
            past_due_undisputed_by_age=[AgeAmount(currency=c, age=a, amount=m) for c, a, m in k.past_due_by_age],
        )

    @strawberry.field(description="The rules that put accounts on credit hold.", permission_classes=[IsStaff])
    async def credit_hold_rules(self, info: Info) -> list[HoldRuleView]:
        rows = await info.context.db.execute(select(HoldRule).order_by(HoldRule.kind))
        return [HoldRuleView(kind=r.kind, days=r.days, active=r.active) for r in rows.scalars()]

    @strawberry.field(
        description="Customers who answered a reminder that they already paid, in the last 60 days, newest first: "
        "payments for cash application to find.",
        permission_classes=[IsStaff],
    )
    async def payment_claims(self, info: Info) -> list[PaymentClaim]:
        rows = await payment_claims(info.context.db, since=utc_now() - timedelta(days=60))
        return [
            PaymentClaim(
                account_id=strawberry.ID(str(account.id)),
                account_number=account.number,
                account_name=account.name,
                said=entry.note,
                at=entry.at,
            )
            for entry, account in rows
        ]

    @strawberry.field(description="The reminder ladder, in order.", permission_classes=[IsStaff])
    async def dunning_levels(self, info: Info) -> list[DunningLevelView]:
        rows = await info.context.db.execute(select(DunningLevel).order_by(DunningLevel.position))
        return [DunningLevelView.from_model(level) for level in rows.scalars()]

    @strawberry.field(description="The outcomes a collector may log for a contact.", permission_classes=[IsStaff])
    def contact_outcomes(self) -> list[str]:
        return list(OUTCOMES)
