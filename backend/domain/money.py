"""Rules every money amount coming from outside obeys (SECURITY.md F27)."""

from __future__ import annotations

from decimal import Decimal

from backend.domain.errors import InvalidInput

MAX_AMOUNT = Decimal("999999999999.99")
CENT = Decimal("0.01")


def checked_amount(value: Decimal, *, field: str = "amount") -> Decimal:
    """``value`` if it is finite, positive, at most two decimals and under the cap; else :class:`InvalidInput`."""
    if not value.is_finite():
        raise InvalidInput(field, "Enter an amount as a number, e.g. 125.50.", "amount_not_a_number")
    if value <= 0:
        raise InvalidInput(field, "The amount must be more than zero.", "amount_not_positive")
    # The cap comes first: quantizing a huge value (1e999) raises decimal.InvalidOperation.
    if value > MAX_AMOUNT:
        raise InvalidInput(field, "The amount is too large.", "amount_too_large")
    if value != value.quantize(CENT):
        raise InvalidInput(field, "Use at most two decimals (cents).", "amount_too_precise")
    return value.quantize(CENT)
