"""The Decimal scalar: exact amounts as strings, never floats."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import strawberry

from backend.graphql.errors import PublicError

_DECIMAL_PATTERN = re.compile(r"^-?\d{1,16}(\.\d{1,4})?$")


class InvalidDecimal(PublicError, ValueError):
    """A client sent something that is not an exact decimal string; the message says what to send."""


def parse_decimal(value: object) -> Decimal:
    """A finite decimal from its string form; numbers in JSON are refused because they may already be floats."""
    if not isinstance(value, str) or not _DECIMAL_PATTERN.match(value):
        raise InvalidDecimal('Decimal values are strings of digits with an optional point, e.g. "1234.50".')
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise InvalidDecimal("Not a decimal number.") from error


DecimalScalar = strawberry.scalar(
    name="Decimal",
    description='Exact decimal amount serialised as a string, e.g. "1234.50". Never a float.',
    serialize=lambda value: format(value, "f"),
    parse_value=parse_decimal,
)
