"""The console's views of its settings: write-off limits, reason codes and their external codes, routing rules,
staff users, saved views, and the one result every settings change returns."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from backend.domain.accounts.models import User
from backend.domain.administration.models import ExternalReasonCode as ExternalReasonCodeModel
from backend.domain.administration.models import RoutingRule as RoutingRuleModel
from backend.domain.administration.models import SavedView as SavedViewModel
from backend.domain.automation.enums import RuleAction, RuleCondition
from backend.domain.automation.models import Promotion as PromotionModel
from backend.domain.automation.models import ResolutionRule as ResolutionRuleModel
from backend.domain.disputes.models import ReasonCode as ReasonCodeModel
from backend.graphql.results import ErrorResult


@strawberry.type
class WriteOffLimit:
    role: str
    max_amount: Decimal | None = strawberry.field(description="Null: no limit.")


@strawberry.type
class ReasonCodeSetting:
    code: str
    label: str
    category: str
    sla_days: int
    requires_description: bool
    active: bool

    @classmethod
    def of(cls, r: ReasonCodeModel) -> ReasonCodeSetting:
        return cls(
            code=r.code,
            label=r.label,
            category=r.category,
            sla_days=r.sla_days,
            requires_description=r.requires_description,
            active=r.active,
        )


@strawberry.type
class RoutingRule:
    id: strawberry.ID
    priority: int
    reason_code: str | None
    account_id: strawberry.ID | None
    min_amount: Decimal | None
    max_amount: Decimal | None
    assignee_id: strawberry.ID
    active: bool

    @classmethod
    def of(cls, r: RoutingRuleModel) -> RoutingRule:
        return cls(
            id=strawberry.ID(str(r.id)),
            priority=r.priority,
            reason_code=r.reason_code,
            account_id=strawberry.ID(str(r.account_id)) if r.account_id else None,
            min_amount=r.min_amount,
            max_amount=r.max_amount,
            assignee_id=strawberry.ID(str(r.assignee_id)),
            active=r.active,
        )


@strawberry.type
class StaffUser:
    id: strawberry.ID
    email: str
    full_name: str
    role: str
    is_active: bool
    invitation_pending: bool

    @classmethod
    def of(cls, u: User, *, invitation_pending: bool) -> StaffUser:
        return cls(
            id=strawberry.ID(str(u.id)),
            email=u.email,
            full_name=u.full_name,
            role=u.role,
            is_active=u.is_active,
            invitation_pending=invitation_pending,
        )


@strawberry.type
class SavedView:
    id: strawberry.ID
    name: str
    filter: JSON
    created_at: datetime

    @classmethod
    def of(cls, v: SavedViewModel) -> SavedView:
        return cls(id=strawberry.ID(str(v.id)), name=v.name, filter=v.filter, created_at=v.created_at)  # type: ignore[arg-type]


@strawberry.type(
    description="An adjustment code from a remittance (a standard's or a retailer's) and the reason it means."
)
class ExternalReasonCode:
    scheme: str = strawberry.field(
        description="The code list: x12 (ANSI X12 426), edifact (UN/EDIFACT 4465) or a retailer's."
    )
    code: str
    reason_code: str

    @classmethod
    def of(cls, m: ExternalReasonCodeModel) -> ExternalReasonCode:
        return cls(scheme=m.scheme, code=m.code, reason_code=m.reason_code)


RuleActionEnum = strawberry.enum(RuleAction, name="RuleAction", description="What a resolution rule does.")
RuleConditionEnum = strawberry.enum(
    RuleCondition,
    name="RuleCondition",
    description="POD_CONFIRMS_SHORTAGE: reason SHORTAGE and a linked proof of delivery whose text records a shortage.",
)


@strawberry.type(description="Resolve a new case without a person: the first active matching rule acts.")
class ResolutionRule:
    id: strawberry.ID
    priority: int = strawberry.field(description="Rules are tried lowest first; unique.")
    action: RuleActionEnum  # type: ignore[valid-type]
    account_id: strawberry.ID | None = strawberry.field(description="Null: every customer.")
    reason_code: str | None = strawberry.field(description="Null: any reason.")
    max_amount: Decimal | None = strawberry.field(description="The tolerance: cases up to this amount.")
    condition: RuleConditionEnum | None  # type: ignore[valid-type]
    active: bool

    @classmethod
    def of(cls, r: ResolutionRuleModel) -> ResolutionRule:
        return cls(
            id=strawberry.ID(str(r.id)),
            priority=r.priority,
            action=RuleAction(r.action),
            account_id=strawberry.ID(str(r.account_id)) if r.account_id else None,
            reason_code=r.reason_code,
            max_amount=r.max_amount,
            condition=RuleCondition(r.condition) if r.condition else None,
            active=r.active,
        )


@strawberry.type(
    description="A trade promotion: PROMOTION claims on invoices issued outside every active one are flagged."
)
class Promotion:
    id: strawberry.ID
    account_id: strawberry.ID | None = strawberry.field(description="Null: every customer.")
    code: str
    name: str
    starts_on: date
    ends_on: date
    active: bool

    @classmethod
    def of(cls, p: PromotionModel) -> Promotion:
        return cls(
            id=strawberry.ID(str(p.id)),
            account_id=strawberry.ID(str(p.account_id)) if p.account_id else None,
            code=p.code,
            name=p.name,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            active=p.active,
        )


@strawberry.type
class SettingSaved:
    write_off_limit: WriteOffLimit | None = None
    reason_code: ReasonCodeSetting | None = None
    routing_rule: RoutingRule | None = None
    staff_user: StaffUser | None = None
    saved_view: SavedView | None = None
    external_reason_code: ExternalReasonCode | None = None
    resolution_rule: ResolutionRule | None = None
    promotion: Promotion | None = None


AdminResult = Annotated[SettingSaved | ErrorResult, strawberry.union("AdminResult")]


@strawberry.input
class ReasonCodeInput:
    code: str
    label: str
    category: str = "non_trade"
    sla_days: int = 10
    requires_description: bool = False
    active: bool = True


@strawberry.input
class RoutingRuleInput:
    priority: int
    assignee_id: strawberry.ID
    reason_code: str | None = None
    account_id: strawberry.ID | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    active: bool = True


@strawberry.input
class ResolutionRuleInput:
    priority: int
    action: RuleActionEnum  # type: ignore[valid-type]
    max_amount: Decimal | None = None
    account_id: strawberry.ID | None = None
    reason_code: str | None = None
    condition: RuleConditionEnum | None = None  # type: ignore[valid-type]
    active: bool = True


@strawberry.input
class PromotionInput:
    code: str
    name: str
    starts_on: date
    ends_on: date
    account_id: strawberry.ID | None = None
    active: bool = True
