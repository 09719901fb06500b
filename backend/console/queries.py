"""Console reads: the work queue, one case, the staff who can be assigned."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import strawberry
from sqlalchemy import select

from backend.console.types import (
    Case,
    CaseConnection,
    CaseEdge,
    CaseFilter,
    CaseSort,
    DecidedBy,
    StaffMember,
    StatusCount,
)
from backend.domain.accounts.models import User
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.automation.enums import FlagCode
from backend.domain.disputes.enums import DisputeStatus as DomainStatus
from backend.domain.disputes.queue import CaseFilter as DomainCaseFilter
from backend.domain.disputes.queue import list_cases
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.offset_paging import offset_after, offset_cursor
from backend.graphql.pagination import clamp_page_size, offset_page_info
from backend.graphql.permissions import IsStaff


def _uuids(values: list[strawberry.ID] | None) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(str(v)) for v in values or []]
    except ValueError as error:
        raise PublicError("An id in the filter is not valid.") from error


def _amount(value: Decimal | None) -> Decimal | None:
    if value is not None and (value < 0 or value != value.quantize(Decimal("0.01"))):
        raise PublicError("Amount filters are zero or more, with at most two decimals.")
    return value


def _domain_filter(flt: CaseFilter | None, me: uuid.UUID) -> DomainCaseFilter:
    if flt is None:
        return DomainCaseFilter()
    assignee = me if flt.mine else (_uuids([flt.assignee_id])[0] if flt.assignee_id else None)
    return DomainCaseFilter(
        statuses=tuple(flt.status or ()),
        reason_codes=tuple(flt.reason_codes or ()),
        account_ids=tuple(_uuids(flt.account_ids)),
        assignee_id=assignee,
        unassigned_only=flt.unassigned,
        amount_min=_amount(flt.amount_min),
        amount_max=_amount(flt.amount_max),
        opened_after=flt.opened_after,
        opened_before=flt.opened_before,
        decided_after=flt.decided_after,
        decided_before=flt.decided_before,
        currency=(flt.currency or "").strip().upper()[:3] or None,
        root_cause=flt.root_cause.value if flt.root_cause else None,
        root_cause_unrecorded=flt.root_cause_unrecorded,
        origin=flt.origin,
        overdue_only=flt.overdue,
        search=(flt.search or "").strip()[:64] or None,
        flags=tuple(FlagCode(f).value for f in flt.flags or ()),
        no_flags=flt.no_flags,
        open_at=flt.open_at,
        decided_by_rule=None if flt.decided_by is None else flt.decided_by == DecidedBy.RULE,
    )


@strawberry.type
class ConsoleQuery:
    @strawberry.field(
        description="The work queue: every deduction and dispute, filtered and sorted.", permission_classes=[IsStaff]
    )
    async def cases(
        self,
        info: Info,
        first: int = 50,
        after: str | None = None,
        filter: CaseFilter | None = None,
        sort: CaseSort = CaseSort.NEWEST,
    ) -> CaseConnection:
        ctx = info.context
        assert ctx.principal is not None
        offset = offset_after(after)
        rows, total, counts = await list_cases(
            ctx.db,
            flt=_domain_filter(filter, ctx.principal.user_id),
            sort=sort.value,
            first=clamp_page_size(first, ctx.page_cap),
            offset=offset,
            today=ctx.today,
        )
        now = datetime.now(UTC)
        edges = [
            CaseEdge(cursor=offset_cursor(offset + i), node=Case.from_row(r, ctx.today, now))
            for i, r in enumerate(rows)
        ]
        return CaseConnection(
            edges=edges,
            page_info=offset_page_info([e.cursor for e in edges], offset, total),
            total_count=total,
            counts_by_status=[StatusCount(status=DomainStatus(s), count=n) for s, n in sorted(counts.items())],
        )

    @strawberry.field(description="One case with everything about it, or null.", permission_classes=[IsStaff])
    async def case(self, info: Info, id: strawberry.ID) -> Case | None:
        try:
            case_id = uuid.UUID(str(id))
        except ValueError:
            return None
        rows, _, _ = await list_cases(
            info.context.db,
            flt=DomainCaseFilter(),
            sort="newest",
            first=1,
            offset=0,
            today=info.context.today,
            only_id=case_id,
        )
        return Case.from_row(rows[0], info.context.today, datetime.now(UTC)) if rows else None

    @strawberry.field(description="Active staff members, for assigning cases.", permission_classes=[IsStaff])
    async def staff_members(self, info: Info) -> list[StaffMember]:
        rows = await info.context.db.execute(
            select(User)
            .where(User.account_id.is_(None), User.is_active.is_(True), User.id != SYSTEM_USER_ID)
            .order_by(User.full_name)
        )
        return [
            StaffMember(id=strawberry.ID(str(u.id)), full_name=u.full_name, email=u.email, role=u.role)
            for u in rows.scalars()
        ]
