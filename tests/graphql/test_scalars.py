"""The Decimal scalar takes exact strings only (SECURITY.md F27): floats, exponents, NaN and Infinity never get in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.graphql.scalars import DecimalScalar, InvalidDecimal, parse_decimal

amounts = st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2)


@given(amounts)
def test_an_amount_sent_as_a_string_round_trips_exactly(value: Decimal) -> None:
    sent = format(value, "f")
    parsed = parse_decimal(sent)
    assert parsed == value and format(parsed, "f") == sent
    assert DecimalScalar.serialize(parsed) == sent  # type: ignore[misc]


@given(
    st.one_of(
        st.sampled_from(["NaN", "nan", "Infinity", "-Infinity", "inf", "1e999", "1E3", "12.5e1", "", " 1.00", "1,00"]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
    )
)
def test_floats_numbers_exponents_and_specials_are_refused(raw: object) -> None:
    with pytest.raises(InvalidDecimal):
        parse_decimal(raw)
