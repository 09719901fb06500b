"""A customer account as GraphQL shows it."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from backend.domain.accounts.models import CustomerAccount as CustomerAccountModel


@strawberry.type(description="A customer of the seller and its terms.")
class CustomerAccount:
    id: strawberry.ID
    number: str
    name: str
    currency: str
    payment_terms_days: int
    credit_limit: Decimal

    @classmethod
    def from_model(cls, account: CustomerAccountModel) -> CustomerAccount:
        return cls(
            id=strawberry.ID(str(account.id)),
            number=account.number,
            name=account.name,
            currency=account.currency,
            payment_terms_days=account.payment_terms_days,
            credit_limit=account.credit_limit,
        )
