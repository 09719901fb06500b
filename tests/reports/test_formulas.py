"""Every formula on a book small enough to work out by hand; the worked figures are in docs/KPIS.md too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backend.domain.reports.formulas import (
    MonthSales,
    average_days_delinquent,
    best_possible_dso,
    collection_effectiveness_index,
    days_deduction_outstanding,
    dso_count_back,
    dso_simple,
    median_and_p90,
    period_days,
    share,
)

D = Decimal
# A quarter of a wholesaler's book: January–March 2026 (90 days), receivables 1,000,000.00 at 31 March, of them
# 600,000.00 not yet due; sales 300,000.00 in January, 400,000.00 in February, 500,000.00 in March.
Q1 = period_days(date(2026, 1, 1), date(2026, 3, 31))
SALES = D("1200000.00")
RECEIVABLES = D("1000000.00")
CURRENT = D("600000.00")


def test_the_quarter_has_ninety_days() -> None:
    assert Q1 == 90


def test_simple_dso_is_receivables_over_sales_times_days() -> None:
    # 1,000,000 / 1,200,000 × 90 = 75.0
    assert dso_simple(RECEIVABLES, SALES, Q1) == D("75.0")


def test_count_back_dso_spends_the_receivables_on_the_latest_months_first() -> None:
    months = [
        MonthSales(date(2026, 3, 1), D("500000.00")),
        MonthSales(date(2026, 2, 1), D("400000.00")),
        MonthSales(date(2026, 1, 1), D("300000.00")),
    ]
    # March's 500,000 (31 days) and February's 400,000 (28 days) are covered; the 100,000 left is a third of
    # January's 300,000, so 31 / 3 = 10.33 days: 31 + 28 + 10.33 = 69.3
    assert dso_count_back(RECEIVABLES, months) == D("69.3")
    # receivables below the latest month's sales: a share of March alone (250,000 / 500,000 × 31 = 15.5)
    assert dso_count_back(D("250000.00"), months) == D("15.5")
    # outlasting every month given: as far back as the data go (90 days), not an error
    assert dso_count_back(D("5000000.00"), months) == D("90.0")


def test_best_possible_dso_and_average_days_delinquent() -> None:
    # 600,000 / 1,200,000 × 90 = 45.0; ADD = 75.0 − 45.0 = 30.0
    assert best_possible_dso(CURRENT, SALES, Q1) == D("45.0")
    assert average_days_delinquent(RECEIVABLES, CURRENT, SALES, Q1) == D("30.0")


def test_cei_worked_example() -> None:
    # The textbook case: beginning 500,000, sales 300,000, ending 400,000 of which 250,000 current:
    # (500,000 + 300,000 − 400,000) / (500,000 + 300,000 − 250,000) = 400,000 / 550,000 = 72.73 %
    assert collection_effectiveness_index(D("500000"), D("300000"), D("400000"), D("250000")) == D("0.7273")
    # everything collected that could be: 100 %
    assert collection_effectiveness_index(D("100"), D("50"), D("20"), D("20")) == D("1.0000")


def test_ddo_is_open_deductions_over_daily_sales() -> None:
    # daily sales 1,200,000 / 90 = 13,333.33…; 40,000 of deductions open = 3.0 days
    assert days_deduction_outstanding(D("40000.00"), SALES, Q1) == D("3.0")


def test_shares_and_resolution_times() -> None:
    assert share(D("3"), D("8")) == D("0.3750")
    assert median_and_p90([D(x) for x in ("4", "1", "3", "2")]) == (D("2.5"), D("4.0"))
    ten = [D(n) for n in range(1, 11)]
    assert median_and_p90(ten) == (D("5.5"), D("9.0"))


def test_no_sales_no_collectible_money_and_no_cases_are_no_data_not_errors() -> None:
    zero = D("0.00")
    assert dso_simple(RECEIVABLES, zero, Q1) is None
    assert dso_count_back(RECEIVABLES, [MonthSales(date(2026, 3, 1), zero)]) is None
    assert dso_count_back(RECEIVABLES, []) is None
    assert best_possible_dso(CURRENT, zero, Q1) is None
    assert average_days_delinquent(RECEIVABLES, CURRENT, zero, Q1) is None
    assert collection_effectiveness_index(zero, zero, zero, zero) is None
    assert days_deduction_outstanding(D("10.00"), zero, Q1) is None
    assert share(D("1"), zero) is None
    assert median_and_p90([]) is None


money = st.decimals(min_value=D("0.00"), max_value=D("10000000.00"), places=2)


@given(receivables=money, current=money, sales=money.filter(lambda s: s > 0), days=st.integers(1, 366))
def test_dso_is_best_possible_plus_delinquent(receivables: D, current: D, sales: D, days: int) -> None:
    current = min(current, receivables)
    dso, best, add = (
        dso_simple(receivables, sales, days),
        best_possible_dso(current, sales, days),
        average_days_delinquent(receivables, current, sales, days),
    )
    assert dso is not None and best is not None and add is not None
    assert abs(dso - (best + add)) <= D("0.1")  # each rounded to a tenth on its own
    assert D("0") <= best <= dso + D("0.05")


@given(
    beginning=money, sales=money, collected_share=st.decimals(0, 1, places=2), current_share=st.decimals(0, 1, places=2)
)
def test_cei_stays_between_zero_and_one(beginning: D, sales: D, collected_share: D, current_share: D) -> None:
    ending = ((beginning + sales) * (1 - collected_share)).quantize(D("0.01"))
    current = (ending * current_share).quantize(D("0.01"))
    cei = collection_effectiveness_index(beginning, sales, ending, current)
    if cei is not None:
        assert D("0") <= cei <= D("1")
