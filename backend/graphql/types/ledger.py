"""Statement, aging and payments as GraphQL shows them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from backend.domain.payments.models import Payment as PaymentModel
from backend.domain.payments.service import Application
from backend.domain.statements.service import Aging as AgingModel
from backend.domain.statements.service import EntryKind as DomainEntryKind
from backend.domain.statements.service import Statement as StatementModel
from backend.graphql.pagination import PageInfo

StatementEntryKind = strawberry.enum(DomainEntryKind, name="StatementEntryKind")


@strawberry.type(description="One movement on a statement; deductions are shown but do not move the balance.")
class StatementEntry:
    on: date
    kind: StatementEntryKind  # type: ignore[valid-type]
    reference: str
    description: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    amount: Decimal = strawberry.field(
        description="The movement's own amount; for a deduction, what the customer kept back."
    )


@strawberry.type(description="An account's statement for a period.")
class Statement:
    period_from: date
    period_to: date
    opening_balance: Decimal
    entries: list[StatementEntry]
    closing_balance: Decimal

    @classmethod
    def from_model(cls, statement: StatementModel) -> Statement:
        return cls(
            period_from=statement.period_from,
            period_to=statement.period_to,
            opening_balance=statement.opening_balance,
            entries=[
                StatementEntry(
                    on=e.on,
                    kind=e.kind,
                    reference=e.reference,
                    description=e.description,
                    debit=e.debit,
                    credit=e.credit,
                    balance=e.balance,
                    amount=e.amount,
                )
                for e in statement.entries
            ],
            closing_balance=statement.closing_balance,
        )


@strawberry.type(description="Undisputed open balances by days past due, and what is held in dispute (never past due).")
class Aging:
    current: Decimal
    days_1_to_30: Decimal
    days_31_to_60: Decimal
    days_61_to_90: Decimal
    over_90: Decimal
    in_dispute: Decimal = strawberry.field(description="Held in open disputes: not counted in any past-due bucket.")
    total: Decimal

    @classmethod
    def from_model(cls, aging: AgingModel) -> Aging:
        return cls(
            current=aging.current,
            days_1_to_30=aging.days_1_30,
            days_31_to_60=aging.days_31_60,
            days_61_to_90=aging.days_61_90,
            over_90=aging.over_90,
            in_dispute=aging.in_dispute,
            total=aging.total,
        )


@strawberry.type(description="Part of a payment applied to an invoice.")
class PaymentApplication:
    invoice_id: strawberry.ID
    invoice_number: str
    amount: Decimal


@strawberry.type(description="Money received from the customer.")
class Payment:
    id: strawberry.ID
    reference: str
    received_on: date
    method: str
    currency: str
    amount: Decimal
    unapplied_amount: Decimal
    applications: list[PaymentApplication]

    @classmethod
    def from_model(cls, payment: PaymentModel, applications: list[Application]) -> Payment:
        return cls(
            id=strawberry.ID(str(payment.id)),
            reference=payment.reference,
            received_on=payment.received_on,
            method=payment.method,
            currency=payment.currency,
            amount=payment.amount,
            unapplied_amount=payment.unapplied_amount,
            applications=[
                PaymentApplication(
                    invoice_id=strawberry.ID(str(a.invoice_id)), invoice_number=a.invoice_number, amount=a.amount
                )
                for a in applications
            ],
        )


@strawberry.type
class PaymentEdge:
    cursor: str
    node: Payment


@strawberry.type(description="A page of payments.")
class PaymentConnection:
    edges: list[PaymentEdge]
    page_info: PageInfo
    total_count: int
