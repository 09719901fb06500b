"""Column types that keep money exact and time zone-aware on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class ExactDecimal(TypeDecorator[Decimal]):
    """A fixed-scale decimal: ``NUMERIC(18, scale)`` on PostgreSQL, scaled integers on SQLite.

    SQLite has no decimal type (it would store a float), so there the value is kept
    as an integer count of the smallest unit (cents for money), which is exact and
    keeps CHECK constraints and SUM() arithmetic exact as well.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, scale: int = 2) -> None:
        super().__init__()
        self.scale = scale
        self._factor = Decimal(10) ** scale
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(18, self.scale, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = Decimal(value)
        if not amount.is_finite():
            raise ValueError("decimal values must be finite")
        exact = amount.quantize(self._quantum)
        if exact != amount:
            raise ValueError(f"{amount} has more than {self.scale} decimal places")
        if dialect.name == "sqlite":
            return int(exact * self._factor)
        return exact

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        if dialect.name == "sqlite":
            return super().result_processor(dialect, coltype)
        # The driver gives a Decimal: one call per value, not the decorator's two (a 100,000-line reconciliation
        # reads a million of them).
        quantum = self._quantum

        def process(value: Any) -> Decimal | None:
            if type(value) is Decimal:
                return value.quantize(quantum)
            return None if value is None else Decimal(value).quantize(quantum)

        return process

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / self._factor).quantize(self._quantum)
        return Decimal(value).quantize(self._quantum)

    def __repr__(self) -> str:
        return f"ExactDecimal(scale={self.scale})"


def Money() -> ExactDecimal:  # noqa: N802 - reads as a column type
    """Money: two decimal places."""
    return ExactDecimal(2)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned time zone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def __repr__(self) -> str:
        return "UTCDateTime()"


def utc_now() -> datetime:
    return datetime.now(UTC)
