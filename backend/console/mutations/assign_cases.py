"""assignCases: give one or many open cases to a staff member, or unassign them."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from backend.console.case_view import case_view
from backend.console.types import Case
from backend.db.types import utc_now
from backend.domain.errors import DomainError
from backend.domain.resolution.service import assign
from backend.graphql.context import Info
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ErrorResult, NotFoundResult, error_result


@strawberry.type(description="The cases now have their new assignee.")
class CasesAssigned:
    cases: list[Case]


AssignCasesResult = Annotated[CasesAssigned | ErrorResult, strawberry.union("AssignCasesResult")]


@strawberry.type
class AssignCasesMutation:
    @strawberry.mutation(description="Assign (or with no assignee, unassign) open cases.", permission_classes=[IsStaff])
    async def assign_cases(
        self, info: Info, case_ids: list[strawberry.ID], assignee_id: strawberry.ID | None = None
    ) -> AssignCasesResult:  # type: ignore[valid-type]
        ctx = info.context
        assert ctx.principal is not None
        try:
            ids = [uuid.UUID(str(c)) for c in case_ids[:200]]
            assignee = uuid.UUID(str(assignee_id)) if assignee_id else None
        except ValueError:
            return NotFoundResult(message="Case not found.")
        try:
            disputes = await assign(
                ctx.db, principal=ctx.principal, dispute_ids=ids, assignee_id=assignee, now=utc_now()
            )
        except DomainError as error:
            await ctx.db.rollback()
            return error_result(error)
        return CasesAssigned(cases=[await case_view(info, d.id) for d in disputes])
