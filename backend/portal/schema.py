"""The portal's root fields, assembled for backend/graphql/schema.py."""

from __future__ import annotations

import strawberry

from backend.portal.credit import PortalCreditMutation, PortalCreditQuery
from backend.portal.mutations.file_dispute import FileDisputeMutation
from backend.portal.mutations.manage_colleagues import ManageColleaguesMutation
from backend.portal.mutations.post_dispute_message import PostDisputeMessageMutation
from backend.portal.mutations.withdraw_dispute import WithdrawDisputeMutation
from backend.portal.orders import PortalOrdersQuery
from backend.portal.queries import PortalQuery as PortalDisputesQuery


@strawberry.type
class PortalMutation(
    FileDisputeMutation,
    WithdrawDisputeMutation,
    PostDisputeMessageMutation,
    ManageColleaguesMutation,
    PortalCreditMutation,
):
    pass


@strawberry.type
class PortalQuery(PortalDisputesQuery, PortalCreditQuery, PortalOrdersQuery):
    pass


__all__ = ["PortalMutation", "PortalQuery"]
