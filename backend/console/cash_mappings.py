"""Console column mappings of customers' own remittance advices: list them, save one (the first advice of a layout
asks), remove one. Staff only; saving and removing are audited."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from sqlalchemy import Select, func, or_, select

from backend.console.admin_types import AdminResult, SettingSaved
from backend.console.administration import saved_setting
from backend.console.cash import parse_id
from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.cash import column_mappings
from backend.domain.cash.models import RemittanceColumnMapping as MappingModel
from backend.domain.errors import DomainError
from backend.graphql.context import Info, acting_principal
from backend.graphql.errors import PublicError
from backend.graphql.pagination import clamp_page_size
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ErrorResult, error_result

MAX_PAGE = 200


@strawberry.enum(description="What a column of a customer's remittance advice holds.")
class AdviceColumn(Enum):
    INVOICE_REFERENCE = "invoice_reference"
    PAID_AMOUNT = "paid_amount"
    ADJUSTMENT_AMOUNT = "adjustment_amount"
    ADJUSTMENT_CODE = "adjustment_code"
    ADJUSTMENT_TEXT = "adjustment_text"
    PAYMENT_REFERENCE = "payment_reference"
    PAYMENT_DATE = "received_on"


@strawberry.type
class MappedColumn:
    role: AdviceColumn
    column: int = strawberry.field(description="0-based position in the header.")
    title: str = strawberry.field(description="The header's title of that column (empty when it has none).")


@strawberry.type(description="Which column of one customer's remittance advice layout is which.")
class RemittanceColumnMapping:
    id: strawberry.ID
    customer_number: str
    account_name: str
    header: list[str]
    columns: list[MappedColumn]
    saved_at: datetime
    saved_by: str

    @classmethod
    def of(cls, row: MappingModel, number: str, name: str, saved_by: str) -> RemittanceColumnMapping:
        header = list(row.header)
        return cls(
            id=strawberry.ID(str(row.id)),
            customer_number=number,
            account_name=name,
            header=header,
            columns=[
                MappedColumn(
                    role=AdviceColumn(role), column=column, title=header[column] if column < len(header) else ""
                )
                for role, column in sorted(row.columns.items(), key=lambda item: item[1])
            ],
            saved_at=row.saved_at,
            saved_by=saved_by,
        )


@strawberry.type
class RemittanceColumnMappingPage:
    items: list[RemittanceColumnMapping]
    total_count: int
    offset: int


@strawberry.type(description="The mapping was saved; send the advice again and it imports.")
class ColumnMappingSaved:
    mapping: RemittanceColumnMapping


ColumnMappingResult = Annotated[ColumnMappingSaved | ErrorResult, strawberry.union("ColumnMappingResult")]


@strawberry.input
class ColumnChoiceInput:
    role: AdviceColumn
    column: int = strawberry.field(description="0-based position in the header the import answered with.")


def _listing() -> Select[MappingModel, str, str, str, int]:
    return (
        select(
            MappingModel,
            CustomerAccount.number,
            CustomerAccount.name,
            func.coalesce(User.full_name, "").label("saved_by"),
            func.count().over().label("total"),
        )
        .join(CustomerAccount, CustomerAccount.id == MappingModel.account_id)
        .outerjoin(User, User.id == MappingModel.saved_by_id)
    )


@strawberry.type
class CashMappingsQuery:
    @strawberry.field(
        description="Saved column mappings of customers' own remittance advices, newest first.",
        permission_classes=[IsStaff],
    )
    async def remittance_column_mappings(
        self,
        info: Info,
        offset: int = 0,
        first: int = 50,
        customer: Annotated[
            str, strawberry.argument(description="A customer number, or part of the customer's name.")
        ] = "",
    ) -> RemittanceColumnMappingPage:
        if offset < 0:
            raise PublicError("offset must be zero or more.")
        statement = (
            _listing()
            .order_by(MappingModel.saved_at.desc(), MappingModel.id)
            .offset(offset)
            .limit(clamp_page_size(first, MAX_PAGE))
        )
        if needle := customer.strip()[:100]:
            statement = statement.where(
                or_(CustomerAccount.number == needle, CustomerAccount.name.ilike(f"%{needle}%"))
            )
        rows = (await info.context.db.execute(statement)).all()
        items = [RemittanceColumnMapping.of(row, number, name, saved_by) for row, number, name, saved_by, _ in rows]
        return RemittanceColumnMappingPage(items=items, total_count=rows[0].total if rows else 0, offset=offset)


@strawberry.type
class CashMappingsMutation:
    @strawberry.mutation(
        description="Say which column of a customer's advice layout is which (the header the import answered with); "
        "the next advice of that customer with the same header imports directly (audited).",
        permission_classes=[IsStaff],
    )
    async def save_remittance_column_mapping(
        self, info: Info, customer_number: str, header: list[str], columns: list[ColumnChoiceInput]
    ) -> ColumnMappingResult:  # type: ignore[valid-type]
        db = info.context.db
        try:
            saved = await column_mappings.save_mapping(
                db,
                principal=acting_principal(info),
                change=column_mappings.MappingChange(
                    customer_number=customer_number,
                    header=header,
                    columns={choice.role.value: choice.column for choice in columns},
                ),
                now=utc_now(),
            )
        except DomainError as error:
            await db.rollback()
            return error_result(error)
        row = (await db.execute(_listing().where(MappingModel.id == saved.id))).one()
        return ColumnMappingSaved(mapping=RemittanceColumnMapping.of(row[0], row[1], row[2], row[3]))

    @strawberry.mutation(
        description="Forget a column mapping: the next advice with that header asks again (audited).",
        permission_classes=[IsStaff],
    )
    async def remove_remittance_column_mapping(self, info: Info, id: strawberry.ID) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            await column_mappings.remove_mapping(
                info.context.db, principal=acting_principal(info), mapping_id=parse_id(id, "id"), now=utc_now()
            )
            return SettingSaved()

        return await saved_setting(info, act)
