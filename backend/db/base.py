"""The declarative base every table derives from, and the mixins that shape ids and tenancy."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from backend.db.ids import new_id
from backend.db.types import UTCDateTime, utc_now

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UUIDPrimaryKey:
    """A UUID primary key (``backend.db.ids``: version 7, unguessable, ordered by time), which is also the id
    clients see."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)


class CreatedAt:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, nullable=False)


class AccountScoped:
    """A row that belongs to exactly one customer account.

    Every ORM query on such a table is filtered to the acting customer's account
    by the tenant scope (``backend.db.scope``); staff see all accounts.
    """

    @declared_attr
    def account_id(cls) -> Mapped[uuid.UUID]:  # noqa: N805
        return mapped_column(Uuid, ForeignKey("customer_accounts.id"), nullable=False, index=True)


class AccountRoot(UUIDPrimaryKey):
    """The customer account table itself: a customer principal sees only its own row."""


class StaffOnlyWhenInternal:
    """A row with an ``is_internal`` flag: the tenant scope hides internal rows from customers, everywhere."""

    is_internal: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
