"""Rules every money amount and quantity coming from outside obeys (SECURITY.md F27)."""

from __future__ import annotations

from decimal import Decimal

from backend.domain.errors import InvalidInput

MAX_AMOUNT = Decimal("999999999999.99")
CENT = Decimal("0.01")
QUANTITY_PLACES = 3
"""Decimals a quantity keeps (invoice lines and claimed quantities are stored with three)."""
MAX_QUANTITY = Decimal("999999999999.999")


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


def checked_quantity(value: Decimal, *, field: str, label: str = "The quantity") -> Decimal:
    """``value`` if it is finite, positive, at most ``QUANTITY_PLACES`` decimals and under the cap; else
    :class:`InvalidInput` naming ``field`` (a quantity the database cannot keep exactly is the user's to fix)."""
    if not value.is_finite():
        raise InvalidInput(field, f"{label} must be a number, e.g. 2.5.", "quantity_not_a_number")
    if value <= 0:
        raise InvalidInput(field, f"{label} must be more than zero.", "quantity_not_positive")
    if value > MAX_QUANTITY:
        raise InvalidInput(field, f"{label} is too large.", "quantity_too_large")
    if value != value.quantize(Decimal(1).scaleb(-QUANTITY_PLACES)):
        raise InvalidInput(field, f"{label} may have at most {QUANTITY_PLACES} decimals.", "quantity_too_precise")
    return value
