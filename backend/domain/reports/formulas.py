"""The order-to-cash measures as formulas over a period's figures (docs/KPIS.md gives each in words, with a worked
example that ``tests/reports/test_formulas.py`` checks).

Pure functions of Decimals for one currency: the reports read the figures (receivables at the period's ends,
credit sales per month, open deductions …) and these turn them into days and ratios. Every measure is ``None``
when its denominator is zero — "no data", which the reports show as such — never a division error. Days are
rounded to one decimal and ratios (0–1) to four, half up, at the end only.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
DAYS = Decimal("0.1")
RATIO = Decimal("0.0001")


def round_days(value: Decimal) -> Decimal:
    return value.quantize(DAYS, rounding=ROUND_HALF_UP)


def _ratio(value: Decimal) -> Decimal:
    return value.quantize(RATIO, rounding=ROUND_HALF_UP)


def period_days(start: date, end: date) -> int:
    """Days in the period, both ends included."""
    return (end - start).days + 1


def dso_simple(receivables: Decimal, credit_sales: Decimal, days: int) -> Decimal | None:
    """Days sales outstanding, simple method: receivables at the period's end ÷ the period's credit sales × its
    days."""
    if credit_sales <= ZERO:
        return None
    return round_days(receivables / credit_sales * days)


@dataclass(frozen=True)
class MonthSales:
    """A calendar month's credit sales (``month`` is any day of it)."""

    month: date
    credit_sales: Decimal

    @property
    def days(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]


def dso_count_back(receivables: Decimal, months: Sequence[MonthSales]) -> Decimal | None:
    """Days sales outstanding, count-back method: take the receivables at the end of the latest month; subtract
    each month's credit sales going back, counting that month's days while the receivables cover them, and for
    the month that exhausts them, its days in proportion (receivables left ÷ that month's sales × its days).
    ``months``: newest first. None when the months' sales never cover a day (no sales at all); when the
    receivables outlast every month given, the days of all those months (a floor, as far back as the data go)."""
    if not any(m.credit_sales > ZERO for m in months):
        return None
    left = receivables
    days = ZERO
    for month in months:
        if left <= ZERO:
            break
        if month.credit_sales <= ZERO:
            days += month.days  # a month without sales is outstanding whole
            continue
        if left >= month.credit_sales:
            days += month.days
            left -= month.credit_sales
        else:
            days += left / month.credit_sales * month.days
            left = ZERO
    return round_days(days)


def best_possible_dso(current_receivables: Decimal, credit_sales: Decimal, days: int) -> Decimal | None:
    """Best possible DSO: the receivables not yet due at the period's end ÷ credit sales × days — what DSO would be
    if every customer paid on the due date."""
    if credit_sales <= ZERO:
        return None
    return round_days(current_receivables / credit_sales * days)


def average_days_delinquent(
    receivables: Decimal, current_receivables: Decimal, credit_sales: Decimal, days: int
) -> Decimal | None:
    """Average days delinquent (ADD): DSO (simple) − best possible DSO, both over the same period."""
    if credit_sales <= ZERO:
        return None
    return round_days((receivables - current_receivables) / credit_sales * days)


def collection_effectiveness_index(
    beginning_receivables: Decimal, credit_sales: Decimal, ending_receivables: Decimal, ending_current: Decimal
) -> Decimal | None:
    """Collection effectiveness index (CEI), a ratio 0–1: (beginning receivables + credit sales − ending
    receivables) ÷ (beginning receivables + credit sales − ending current receivables). None when the
    denominator is not positive (nothing was collectible)."""
    collectible = beginning_receivables + credit_sales - ending_current
    if collectible <= ZERO:
        return None
    return _ratio((beginning_receivables + credit_sales - ending_receivables) / collectible)


def days_deduction_outstanding(open_deductions: Decimal, credit_sales: Decimal, days: int) -> Decimal | None:
    """Days deduction outstanding (DDO): open deductions at the period's end ÷ average daily credit sales."""
    if credit_sales <= ZERO:
        return None
    return round_days(open_deductions / (credit_sales / days))


def days_weighted(day_amounts: Decimal, amounts: Decimal) -> Decimal | None:
    """Σ(amount × days) ÷ Σ amount: days weighted by money (e.g. average days to pay)."""
    if amounts <= ZERO:
        return None
    return round_days(day_amounts / amounts)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` ÷ ``whole`` as a ratio 0–1 (deduction rate, valid share, recovery rate, auto-match rate …)."""
    if whole <= ZERO:
        return None
    return _ratio(part / whole)


def median_and_p90(values: Sequence[Decimal]) -> tuple[Decimal, Decimal] | None:
    """The median and 90th percentile of ``values`` (e.g. days to resolve), nearest-rank for the 90th (the value
    90 % of them are at or below), the mean of the middle two for an even count's median."""
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    rank = -(-9 * n // 10)  # ceil(0.9 n)
    return round_days(median), round_days(ordered[rank - 1])
