"""The Decimal scalar: exact amounts as strings, never floats."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import strawberry

_DECIMAL_PATTERN = re.compile(r"^-?\d{1,16}(\.\d{1,4})?$")


def parse_decimal(value: object) -> Decimal:
    """A finite decimal from its string form; numbers in JSON are refused because they may already be floats."""
    if not isinstance(value, str) or not _DECIMAL_PATTERN.match(value):
        raise ValueError('Decimal values are strings of digits with an optional point, e.g. "1234.50".')
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise ValueError("not a decimal number") from error


DecimalScalar = strawberry.scalar(
    name="Decimal",
    description='Exact decimal amount serialised as a string, e.g. "1234.50". Never a float.',
    serialize=lambda value: format(value, "f"),
    parse_value=parse_decimal,
)
