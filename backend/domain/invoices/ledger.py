"""The only code that moves an invoice's money columns; each move keeps the ledger invariant.

total = paid + credited + written off + open balance, open balance >= 0, and the
amount under open disputes is part of the open balance. The database enforces the
same rules with CHECK constraints; these functions refuse before it has to.
"""

from __future__ import annotations

from decimal import Decimal

from backend.domain.errors import InvalidInput
from backend.domain.invoices.models import Invoice


def hold_for_dispute(invoice: Invoice, amount: Decimal) -> None:
    """Count ``amount`` as disputed (it stays in the open balance, out of dunning)."""
    if amount > invoice.open_balance - invoice.disputed_amount:
        raise InvalidInput("amount", "More than the invoice's disputable amount.", "amount_exceeds_disputable")
    invoice.disputed_amount += amount


def release_dispute(invoice: Invoice, amount: Decimal) -> None:
    """A dispute of ``amount`` closes: the amount is no longer held (it is collectible again unless credited)."""
    invoice.disputed_amount = max(Decimal("0.00"), invoice.disputed_amount - amount)


def credit(invoice: Invoice, amount: Decimal) -> None:
    """A credit memo of ``amount`` reduces the open balance."""
    if amount > invoice.open_balance:
        raise InvalidInput("amount", "The credit is more than the invoice's open balance.", "credit_exceeds_balance")
    invoice.credited_amount += amount
    invoice.open_balance -= amount


def reverse_credit(invoice: Invoice, amount: Decimal) -> None:
    """Undo a credit of ``amount`` (a credit memo a rule issued, reversed by staff): it is owed again."""
    if amount > invoice.credited_amount:
        raise InvalidInput("amount", "More than the invoice has credited.", "reversal_exceeds_credit")
    invoice.credited_amount -= amount
    invoice.open_balance += amount


def write_off(invoice: Invoice, amount: Decimal) -> None:
    """Give up collecting ``amount``."""
    if amount > invoice.open_balance:
        raise InvalidInput(
            "amount", "The write-off is more than the invoice's open balance.", "write_off_exceeds_balance"
        )
    invoice.written_off_amount += amount
    invoice.open_balance -= amount


def reverse_write_off(invoice: Invoice, amount: Decimal) -> None:
    """Undo a write-off of ``amount``: it is part of the open balance again."""
    if amount > invoice.written_off_amount:
        raise InvalidInput("amount", "More than the invoice has written off.", "reversal_exceeds_write_off")
    invoice.written_off_amount -= amount
    invoice.open_balance += amount


def pay(invoice: Invoice, amount: Decimal) -> None:
    """Cash applied to the invoice; it may not dip into the amount held for open disputes."""
    if amount > invoice.open_balance - invoice.disputed_amount:
        raise InvalidInput(
            "amount", "The payment is more than the invoice's open, undisputed balance.", "payment_exceeds_balance"
        )
    invoice.paid_amount += amount
    invoice.open_balance -= amount


def retotal(invoice: Invoice, total: Decimal) -> None:
    """The seller re-issued the invoice for ``total``: the open balance moves by the difference.

    Refused when the new total no longer covers what is already paid, credited, written
    off and held for open disputes (the open balance would have to fall below the disputed amount).
    """
    settled = invoice.paid_amount + invoice.credited_amount + invoice.written_off_amount
    if total <= 0:
        raise InvalidInput("total", "An invoice's total must be more than zero.", "total_not_positive")
    if total < settled + invoice.disputed_amount:
        raise InvalidInput(
            "total",
            f"The new total {total} is below what is already paid, credited, written off and disputed "
            f"({settled + invoice.disputed_amount}).",
            "total_below_settled",
        )
    invoice.total_amount = total
    invoice.open_balance = total - settled
