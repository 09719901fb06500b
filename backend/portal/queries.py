"""Portal reads: the customer's disputes and the reasons they may choose."""

from __future__ import annotations

import uuid

import strawberry

from backend.db.types import utc_now
from backend.domain.accounts.service import colleagues
from backend.domain.auth.tokens import pending_invitations
from backend.domain.disputes import service as disputes
from backend.domain.disputes.models import Dispute as DisputeModel
from backend.graphql.context import Info
from backend.graphql.offset_paging import offset_after, offset_cursor
from backend.graphql.pagination import PageInfo, clamp_page_size, offset_page_info
from backend.graphql.permissions import IsCustomer
from backend.graphql.types.colleague import Colleague
from backend.graphql.types.dispute import Dispute, ReasonCode
from backend.graphql.types.enums import DisputeStatus


@strawberry.type
class DisputeEdge:
    cursor: str
    node: Dispute


@strawberry.type(description="A page of disputes.")
class DisputeConnection:
    edges: list[DisputeEdge]
    page_info: PageInfo
    total_count: int


def _connection(rows: list[DisputeModel], total: int, offset: int) -> DisputeConnection:
    edges = [DisputeEdge(cursor=offset_cursor(offset + i), node=Dispute.from_model(d)) for i, d in enumerate(rows)]
    return DisputeConnection(
        edges=edges,
        page_info=offset_page_info([e.cursor for e in edges], offset, total),
        total_count=total,
    )


@strawberry.type
class PortalQuery:
    @strawberry.field(
        description="The customer's disputes and deductions, newest first.", permission_classes=[IsCustomer]
    )
    async def disputes(
        self,
        info: Info,
        first: int = 25,
        after: str | None = None,
        status: list[DisputeStatus] | None = None,  # type: ignore[valid-type]
    ) -> DisputeConnection:
        offset = offset_after(after)
        rows, total = await disputes.list_disputes(
            info.context.db,
            statuses=tuple(status or ()),
            first=clamp_page_size(first, info.context.page_cap),
            offset=offset,
        )
        return _connection(rows, total, offset)

    @strawberry.field(description="One of the customer's disputes, or null.", permission_classes=[IsCustomer])
    async def dispute(self, info: Info, id: strawberry.ID) -> Dispute | None:
        try:
            dispute_id = uuid.UUID(str(id))
        except ValueError:
            return None
        found = await info.context.db.get(DisputeModel, dispute_id)
        return Dispute.from_model(found) if found else None

    @strawberry.field(description="The reasons a dispute may give.", permission_classes=[IsCustomer])
    async def reason_codes(self, info: Info) -> list[ReasonCode]:
        return [ReasonCode.from_model(r) for r in await disputes.active_reason_codes(info.context.db)]

    @strawberry.field(
        description="Everyone with a login on your account, invited ones included.", permission_classes=[IsCustomer]
    )
    async def colleagues(self, info: Info) -> list[Colleague]:
        assert info.context.principal is not None
        users = await colleagues(info.context.db, info.context.principal)
        pending = await pending_invitations(info.context.db, [u.id for u in users], utc_now())
        return [Colleague.from_user(u, invitation_pending=u.id in pending) for u in users]
