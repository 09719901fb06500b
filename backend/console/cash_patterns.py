"""Console view of what matching learned from staff: each customer's reference patterns, and an admin's removal."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from sqlalchemy import func, or_, select

from backend.console.admin_types import AdminResult, SettingSaved
from backend.console.administration import saved_setting
from backend.console.cash import CustomerArgument, parse_id
from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.cash import learning
from backend.domain.cash.models import MatchPattern
from backend.graphql.context import Info, acting_principal
from backend.graphql.errors import PublicError
from backend.graphql.pagination import clamp_page_size
from backend.graphql.permissions import IsStaff


@strawberry.type(description="How one customer writes invoice references, learned from a line staff confirmed.")
class CashMatchPattern:
    id: strawberry.ID
    customer_number: str
    account_name: str
    description: str = strawberry.field(description='e.g. "The invoice number is the 2nd group from the end …".')
    target: str = strawberry.field(description="number (the invoice number) or po (the PO number).")
    example_reference: str = strawberry.field(description="The reference it was learned from.")
    example_invoice: str
    confirmed: int = strawberry.field(description="Staff confirmations that agreed with it.")
    contradicted: int = strawberry.field(description="Staff confirmations of another invoice than it read.")
    observed_precision: Decimal = strawberry.field(description="confirmed ÷ (confirmed + contradicted), 0–1.")
    applies_cash: bool = strawberry.field(
        description="Never contradicted: it applies lines whose amount agrees without a person (short payments too "
        "once confirmed three times); a contradicted pattern only suggests."
    )
    applied: int = strawberry.field(description="Lines it applied without a person.")
    learned_at: datetime
    learned_by: str


@strawberry.type
class CashMatchPatternPage:
    items: list[CashMatchPattern]
    total_count: int
    offset: int


@strawberry.type
class CashPatternsQuery:
    @strawberry.field(
        description="Reference patterns matching learned from staff confirmations, newest first.",
        permission_classes=[IsStaff],
    )
    async def cash_match_patterns(
        self,
        info: Info,
        offset: int = 0,
        first: int = 50,
        customer: CustomerArgument = "",
    ) -> CashMatchPatternPage:
        if offset < 0:
            raise PublicError("offset must be zero or more.")
        limit = clamp_page_size(first, info.context.page_cap)
        db = info.context.db
        statement = (
            select(
                MatchPattern,
                CustomerAccount.number,
                CustomerAccount.name,
                func.coalesce(User.full_name, "").label("learned_by"),
                func.count().over().label("total"),
            )
            .join(CustomerAccount, CustomerAccount.id == MatchPattern.account_id)
            .outerjoin(User, User.id == MatchPattern.learned_by_id)
            .order_by(MatchPattern.learned_at.desc(), MatchPattern.id)
            .offset(offset)
            .limit(limit)
        )
        if needle := customer.strip()[:100]:
            statement = statement.where(
                or_(CustomerAccount.number == needle, CustomerAccount.name.ilike(f"%{needle}%"))
            )
        rows = (await db.execute(statement)).all()
        items = [
            CashMatchPattern(
                id=strawberry.ID(str(p.id)),
                customer_number=number,
                account_name=name,
                description=learning.describe(p.target, p.from_end, p.groups),
                target=p.target,
                example_reference=p.example_reference,
                example_invoice=p.example_invoice,
                confirmed=p.confirmed,
                contradicted=p.contradicted,
                observed_precision=(Decimal(p.confirmed) / (p.confirmed + p.contradicted)).quantize(Decimal("0.01")),
                applies_cash=p.contradicted == 0,
                applied=p.applied,
                learned_at=p.learned_at,
                learned_by=learned_by,
            )
            for p, number, name, learned_by, _total in rows
        ]
        total = rows[0].total if rows else 0
        return CashMatchPatternPage(items=items, total_count=total, offset=offset)


@strawberry.type
class CashPatternsMutation:
    @strawberry.mutation(
        description="Remove a learned reference pattern: the next import no longer reads it (admins; audited).",
        permission_classes=[IsStaff],
    )
    async def remove_cash_match_pattern(self, info: Info, id: strawberry.ID) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            await learning.remove_pattern(
                info.context.db, principal=acting_principal(info), pattern_id=parse_id(id, "id"), now=utc_now()
            )
            return SettingSaved()

        return await saved_setting(info, act)
