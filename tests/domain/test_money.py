"""Every amount from outside is finite, positive, in cents and capped (SECURITY.md F27), for any value Hypothesis finds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.errors import InvalidInput
from backend.domain.money import MAX_AMOUNT, checked_amount

cents = st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2)


def _refusal(value: Decimal) -> str:
    with pytest.raises(InvalidInput) as refused:
        checked_amount(value)
    return refused.value.code


@given(cents)
def test_a_valid_amount_comes_back_exactly(value: Decimal) -> None:
    kept = checked_amount(value)
    assert kept == value and str(kept) == format(value.quantize(Decimal("0.01")), "f")


@given(st.sampled_from(["NaN", "-NaN", "sNaN", "Infinity", "-Infinity"]))
def test_not_a_number_and_infinities_are_refused(raw: str) -> None:
    assert _refusal(Decimal(raw)) == "amount_not_a_number"


@given(
    st.decimals(min_value=Decimal("0.001"), max_value=MAX_AMOUNT, places=3).filter(
        lambda d: d != d.quantize(Decimal("0.01"))
    )
)
def test_three_decimals_are_refused(value: Decimal) -> None:
    assert _refusal(value) == "amount_too_precise"


@given(st.decimals(max_value=Decimal("0"), allow_nan=False, allow_infinity=False, places=2))
def test_zero_and_negative_amounts_are_refused(value: Decimal) -> None:
    assert _refusal(value) == "amount_not_positive"


@given(st.integers(min_value=13, max_value=999).map(lambda e: Decimal(f"1e{e}")))
def test_amounts_over_the_cap_are_refused(value: Decimal) -> None:
    assert _refusal(value) == "amount_too_large"


def test_1e999_is_refused_and_the_cap_itself_is_allowed() -> None:
    assert _refusal(Decimal("1e999")) == "amount_too_large"
    assert _refusal(MAX_AMOUNT + Decimal("0.01")) == "amount_too_large"
    assert checked_amount(MAX_AMOUNT) == MAX_AMOUNT
