"""Console administration over GraphQL: write-off limits, reason codes, routing rules, staff users, saved views."""

from __future__ import annotations

import uuid
from decimal import Decimal

import strawberry
from sqlalchemy import select
from strawberry.scalars import JSON

from backend.console.admin_types import (
    AdminResult,
    ReasonCodeInput,
    ReasonCodeSetting,
    RoutingRule,
    RoutingRuleInput,
    SavedView,
    SettingSaved,
    StaffUser,
    WriteOffLimit,
)
from backend.db.types import utc_now
from backend.domain.accounts.models import User
from backend.domain.administration import service as admin
from backend.domain.administration.models import RoutingRule as RoutingRuleModel
from backend.domain.administration.models import SavedView as SavedViewModel
from backend.domain.auth.tokens import pending_invitations
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.disputes.models import ReasonCode as ReasonCodeModel
from backend.domain.errors import DomainError
from backend.domain.resolution.models import WriteOffLimit as WriteOffLimitModel
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsStaff
from backend.graphql.results import NotFoundResult, error_result, input_error


def optional_id(value: strawberry.ID | None) -> uuid.UUID | None:
    """An optional id from the console's settings forms; None when absent or not an id."""
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


@strawberry.type
class AdministrationQuery:
    @strawberry.field(description="Write-off limit per staff role.", permission_classes=[IsStaff])
    async def write_off_limits(self, info: Info) -> list[WriteOffLimit]:
        rows = await info.context.db.execute(select(WriteOffLimitModel).order_by(WriteOffLimitModel.role))
        return [WriteOffLimit(role=r.role, max_amount=r.max_amount) for r in rows.scalars()]

    @strawberry.field(description="Every reason code, inactive ones included.", permission_classes=[IsStaff])
    async def reason_code_settings(self, info: Info) -> list[ReasonCodeSetting]:
        rows = await info.context.db.execute(select(ReasonCodeModel).order_by(ReasonCodeModel.code))
        return [ReasonCodeSetting.of(r) for r in rows.scalars()]

    @strawberry.field(description="Routing rules in the order they are tried.", permission_classes=[IsStaff])
    async def routing_rules(self, info: Info) -> list[RoutingRule]:
        rows = await info.context.db.execute(select(RoutingRuleModel).order_by(RoutingRuleModel.priority))
        return [RoutingRule.of(r) for r in rows.scalars()]

    @strawberry.field(description="Every staff user, inactive ones included.", permission_classes=[IsStaff])
    async def staff_users(self, info: Info) -> list[StaffUser]:
        rows = await info.context.db.execute(
            select(User).where(User.account_id.is_(None), User.id != SYSTEM_USER_ID).order_by(User.full_name)
        )
        users = list(rows.scalars())
        pending = await pending_invitations(info.context.db, [u.id for u in users], utc_now())
        return [StaffUser.of(u, invitation_pending=u.id in pending) for u in users]

    @strawberry.field(description="Your saved work-queue views.", permission_classes=[IsStaff])
    async def saved_views(self, info: Info) -> list[SavedView]:
        rows = await info.context.db.execute(
            select(SavedViewModel)
            .where(SavedViewModel.user_id == acting_principal(info).user_id)
            .order_by(SavedViewModel.name)
        )
        return [SavedView.of(v) for v in rows.scalars()]


async def saved_setting(info: Info, action: object) -> AdminResult:  # type: ignore[valid-type]
    try:
        return await action()  # type: ignore[operator, no-any-return]
    except DomainError as error:
        await info.context.db.rollback()
        return error_result(error)


@strawberry.type
class AdministrationMutation:
    @strawberry.mutation(description="Set a role's write-off limit (admins).", permission_classes=[IsStaff])
    async def set_write_off_limit(self, info: Info, role: str, max_amount: Decimal | None = None) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            limit = await admin.set_write_off_limit(
                info.context.db, principal=acting_principal(info), role=role, max_amount=max_amount, now=utc_now()
            )
            return SettingSaved(write_off_limit=WriteOffLimit(role=limit.role, max_amount=limit.max_amount))

        return await saved_setting(info, act)

    @strawberry.mutation(description="Add or change a reason code (admins).", permission_classes=[IsStaff])
    async def save_reason_code(self, info: Info, input: ReasonCodeInput) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            reason = await admin.save_reason_code(
                info.context.db,
                principal=acting_principal(info),
                now=utc_now(),
                change=admin.ReasonCodeChange(
                    code=input.code.strip().upper(),
                    label=input.label,
                    category=input.category,
                    sla_days=input.sla_days,
                    requires_description=input.requires_description,
                    active=input.active,
                ),
            )
            return SettingSaved(reason_code=ReasonCodeSetting.of(reason))

        return await saved_setting(info, act)

    @strawberry.mutation(description="Create (no id) or change a routing rule (admins).", permission_classes=[IsStaff])
    async def save_routing_rule(
        self, info: Info, input: RoutingRuleInput, id: strawberry.ID | None = None
    ) -> AdminResult:  # type: ignore[valid-type]
        assignee = optional_id(input.assignee_id)
        if assignee is None:
            return NotFoundResult(message="Staff member not found.")
        if input.account_id and optional_id(input.account_id) is None:
            return input_error("accountId", "Unknown customer account.", "account_invalid")

        async def act() -> SettingSaved:
            rule = await admin.save_routing_rule(
                info.context.db,
                principal=acting_principal(info),
                rule_id=optional_id(id),
                now=utc_now(),
                change=admin.RoutingRuleChange(
                    priority=input.priority,
                    assignee_id=assignee,
                    reason_code=input.reason_code,
                    account_id=optional_id(input.account_id),
                    min_amount=input.min_amount,
                    max_amount=input.max_amount,
                    active=input.active,
                ),
            )
            return SettingSaved(routing_rule=RoutingRule.of(rule))

        return await saved_setting(info, act)

    @strawberry.mutation(
        description="Add a local staff account; they get an e-mail to choose a password (admins).",
        permission_classes=[IsStaff],
    )
    async def create_staff_user(self, info: Info, email: str, full_name: str, role: str) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            user = await admin.create_staff_user(
                info.context.db,
                principal=acting_principal(info),
                email=email,
                full_name=full_name,
                role=role,
                public_url=info.context.public_url,
                now=utc_now(),
            )
            if info.context.request is not None:
                info.context.request.app.state.mail_pump.wake()
            return SettingSaved(staff_user=StaffUser.of(user, invitation_pending=True))

        return await saved_setting(info, act)

    @strawberry.mutation(
        description="Change a staff member's role or switch their login off (admins).", permission_classes=[IsStaff]
    )
    async def change_staff_user(
        self, info: Info, user_id: strawberry.ID, role: str | None = None, active: bool | None = None
    ) -> AdminResult:  # type: ignore[valid-type]
        target = optional_id(user_id)
        if target is None:
            return NotFoundResult(message="Staff member not found.")

        async def act() -> SettingSaved:
            user = await admin.change_staff_user(
                info.context.db,
                principal=acting_principal(info),
                user_id=target,
                role=role,
                active=active,
                now=utc_now(),
            )
            pending = await pending_invitations(info.context.db, [user.id], utc_now())
            return SettingSaved(staff_user=StaffUser.of(user, invitation_pending=user.id in pending))

        return await saved_setting(info, act)

    @strawberry.mutation(
        description="Save the current queue filter under a name (yours only).", permission_classes=[IsStaff]
    )
    async def save_view(self, info: Info, name: str, filter: JSON) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            if not isinstance(filter, dict) or len(str(filter)) > 4000:
                from backend.domain.errors import InvalidInput

                raise InvalidInput("filter", "The view's filter must be a small JSON object.", "filter_invalid")
            view = await admin.save_view(
                info.context.db, principal=acting_principal(info), name=name, flt=filter, now=utc_now()
            )
            return SettingSaved(saved_view=SavedView.of(view))

        return await saved_setting(info, act)

    @strawberry.mutation(description="Delete one of your saved views.", permission_classes=[IsStaff])
    async def delete_view(self, info: Info, id: strawberry.ID) -> AdminResult:  # type: ignore[valid-type]
        target = optional_id(id)
        if target is None:
            return NotFoundResult(message="View not found.")

        async def act() -> SettingSaved:
            await admin.delete_view(info.context.db, principal=acting_principal(info), view_id=target)
            return SettingSaved()

        return await saved_setting(info, act)
