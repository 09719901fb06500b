"""Reading one amount or date out of a remittance file, with the sentence a clerk reads when it is wrong.

Every parser turns a :class:`BadField` into a :class:`~backend.domain.cash.remittance.LineError` for
its line, prefixed with where the line is; the file goes on.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from backend.domain.money import CENT, MAX_AMOUNT

ZERO = Decimal("0.00")


class BadField(ValueError):
    """One value of a line cannot be used; the message says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def amount(raw: str | None, what: str, *, zero: bool = False, signed: bool = False) -> Decimal:
    """``raw`` as a Decimal of at most two decimals under the cap: more than zero, or also zero with ``zero``,
    or any sign with ``signed``. Raises :class:`BadField` naming ``what``."""
    text = (raw or "").strip()
    if not text:
        raise BadField(f"the {what} is missing.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadField(f"the {what} {text!r} is not an amount.") from None
    if not value.is_finite():
        raise BadField(f"the {what} {text!r} is not an amount.")
    if abs(value) > MAX_AMOUNT:
        raise BadField(f"the {what} {text} is too large.")
    if value != value.quantize(CENT):
        raise BadField(f"the {what} {text} has more than two decimals.")
    if not signed and (value < 0 or (value == 0 and not zero)):
        raise BadField(f"the {what} {text} is negative." if zero else f"the {what} {text} must be more than zero.")
    return value.quantize(CENT)


def iso_date(raw: str | None, what: str) -> date:
    """A ``YYYY-MM-DD`` date, or the date part of an ISO date-time (``2026-11-20T10:15:00+01:00``)."""
    text = (raw or "").strip()
    if not text:
        raise BadField(f"the {what} is missing.")
    try:
        if "T" in text:
            return datetime.fromisoformat(text).date()
        return date.fromisoformat(text)
    except ValueError:
        raise BadField(f"the {what} {text!r} is not a date (YYYY-MM-DD).") from None


def ccyymmdd(raw: str | None, what: str) -> date:
    """An X12 date ``CCYYMMDD``."""
    text = (raw or "").strip()
    if not text:
        raise BadField(f"the {what} is missing.")
    if len(text) != 8 or not text.isdigit():
        raise BadField(f"the {what} {text!r} is not a date (CCYYMMDD).")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise BadField(f"the {what} {text!r} is not a date (CCYYMMDD).") from None


def clip(text: str | None, size: int) -> str:
    """Trimmed, at most ``size`` characters."""
    return (text or "").strip()[:size]
