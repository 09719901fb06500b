"""Console administration of automation (admins only): resolution rules and promotions."""

from __future__ import annotations

import uuid

import strawberry

from backend.console.admin_types import (
    AdminResult,
    Promotion,
    PromotionInput,
    ResolutionRule,
    ResolutionRuleInput,
    SettingSaved,
)
from backend.console.administration import optional_id, saved_setting
from backend.db.types import utc_now
from backend.domain.automation import administration as automation_admin
from backend.domain.automation.enums import RuleAction, RuleCondition
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsAdmin, IsStaff
from backend.graphql.results import NotFoundResult, input_error


@strawberry.type
class AutomationAdminQuery:
    @strawberry.field(
        description="Resolution rules in the order they are tried (admins).", permission_classes=[IsAdmin]
    )
    async def resolution_rules(self, info: Info) -> list[ResolutionRule]:
        return [ResolutionRule.of(r) for r in await automation_admin.list_rules(info.context.db)]

    @strawberry.field(description="Trade promotions, the latest first (admins).", permission_classes=[IsAdmin])
    async def promotions(self, info: Info) -> list[Promotion]:
        return [Promotion.of(p) for p in await automation_admin.list_promotions(info.context.db)]


@strawberry.type
class AutomationAdminMutation:
    @strawberry.mutation(
        description="Create (no id) or change a resolution rule (admins); the next case uses it.",
        permission_classes=[IsStaff],
    )
    async def save_resolution_rule(
        self, info: Info, input: ResolutionRuleInput, id: strawberry.ID | None = None
    ) -> AdminResult:  # type: ignore[valid-type]
        if input.account_id and optional_id(input.account_id) is None:
            return input_error("accountId", "Choose one of the customer accounts.", "account_invalid")
        if id is not None and optional_id(id) is None:
            return NotFoundResult(message="Resolution rule not found.")

        async def act() -> SettingSaved:
            rule = await automation_admin.save_rule(
                info.context.db,
                principal=acting_principal(info),
                rule_id=optional_id(id),
                now=utc_now(),
                change=automation_admin.RuleChange(
                    priority=input.priority,
                    action=RuleAction(input.action).value,
                    max_amount=input.max_amount,
                    account_id=optional_id(input.account_id),
                    reason_code=input.reason_code or None,
                    condition=RuleCondition(input.condition).value if input.condition else None,
                    active=input.active,
                ),
            )
            return SettingSaved(resolution_rule=ResolutionRule.of(rule))

        return await saved_setting(info, act)

    @strawberry.mutation(description="Delete a resolution rule (admins).", permission_classes=[IsStaff])
    async def delete_resolution_rule(self, info: Info, id: strawberry.ID) -> AdminResult:  # type: ignore[valid-type]
        target = optional_id(id)

        async def act() -> SettingSaved:
            await automation_admin.delete_rule(
                info.context.db, principal=acting_principal(info), rule_id=target or uuid.UUID(int=0), now=utc_now()
            )
            return SettingSaved()

        return await saved_setting(info, act)

    @strawberry.mutation(
        description="Create (no id) or change a promotion (admins); the next case is checked against it.",
        permission_classes=[IsStaff],
    )
    async def save_promotion(self, info: Info, input: PromotionInput, id: strawberry.ID | None = None) -> AdminResult:  # type: ignore[valid-type]
        if input.account_id and optional_id(input.account_id) is None:
            return input_error("accountId", "Choose one of the customer accounts.", "account_invalid")
        if id is not None and optional_id(id) is None:
            return NotFoundResult(message="Promotion not found.")

        async def act() -> SettingSaved:
            promotion = await automation_admin.save_promotion(
                info.context.db,
                principal=acting_principal(info),
                promotion_id=optional_id(id),
                now=utc_now(),
                change=automation_admin.PromotionChange(
                    code=input.code,
                    name=input.name,
                    starts_on=input.starts_on,
                    ends_on=input.ends_on,
                    account_id=optional_id(input.account_id),
                    active=input.active,
                ),
            )
            return SettingSaved(promotion=Promotion.of(promotion))

        return await saved_setting(info, act)

    @strawberry.mutation(description="Delete a promotion (admins).", permission_classes=[IsStaff])
    async def delete_promotion(self, info: Info, id: strawberry.ID) -> AdminResult:  # type: ignore[valid-type]
        target = optional_id(id)

        async def act() -> SettingSaved:
            await automation_admin.delete_promotion(
                info.context.db,
                principal=acting_principal(info),
                promotion_id=target or uuid.UUID(int=0),
                now=utc_now(),
            )
            return SettingSaved()

        return await saved_setting(info, act)
