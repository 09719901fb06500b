"""Every format reads back the remittance it was written from, and a file's first bytes say its format."""

from __future__ import annotations

import io
import string
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.domain.cash.formats import FORMATS, detect_format
from tests.support.remittance_files import Row, expected, without_lines, write

SAMPLES = Path(__file__).parent / "samples"
D = Decimal
ROWS = [
    Row("CHK-1", date(2026, 11, 20), "C-1001", "Northwind & Söhne <GmbH>", "INV-1", D("100.00")),
    Row("CHK-1", date(2026, 11, 20), "C-1001", "Northwind & Söhne <GmbH>", "PO 45", D("230.00"), D("20.00"), "x12", "04", "Two cases damaged"),
    Row("CHK-1", date(2026, 11, 20), "C-1001", "Northwind & Söhne <GmbH>", "INV-3", D("0.00"), D("15.50"), "", "", "shortage"),
    Row("WIRE-2", date(2026, 11, 21), "C-1002", "Lakeside", "INV-4", D("50.00"), D("5.00"), "x12", "59", ""),
]  # fmt: skip


def _read(fmt: str, data: bytes) -> list[object]:
    return without_lines(FORMATS[fmt](io.BytesIO(data)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_reads_back_the_remittance_it_was_written_from(fmt: str) -> None:
    assert _read(fmt, write(fmt, ROWS)) == expected(fmt, ROWS)


_text = (
    st.text(alphabet=string.ascii_letters + string.digits + " -.", min_size=1, max_size=30).map(str.strip).filter(bool)
)
_cents = st.integers(min_value=0, max_value=10_000_000).map(lambda c: (D(c) / 100).quantize(D("0.01")))


@st.composite
def _remittances(draw: st.DrawFn) -> list[Row]:
    rows: list[Row] = []
    for number in range(draw(st.integers(min_value=1, max_value=4))):
        day = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
        customer = (f"C-{draw(st.integers(1, 9999))}", draw(_text))
        currency = draw(st.sampled_from(["EUR", "USD", "GBP"]))
        reference = f"PAY-{number}-{draw(st.integers(0, 999))}"
        for index in range(draw(st.integers(min_value=1, max_value=4))):
            paid = draw(_cents) if index else draw(_cents.filter(lambda v: v > 0))
            code = draw(st.sampled_from(["", "04", "59", "43"]))
            adjustment = draw(st.one_of(st.just(D("0.00")), _cents))
            rows.append(
                Row(
                    reference,
                    day,
                    *customer,
                    draw(_text),
                    paid,
                    adjustment,
                    "x12" if code else "",
                    code,
                    draw(st.one_of(st.just(""), _text)),
                    currency,
                )
            )
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_remittances())
def test_property_every_format_reads_back_any_remittance(rows: list[Row]) -> None:
    for fmt in FORMATS:
        assert _read(fmt, write(fmt, rows)) == expected(fmt, rows), fmt


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("lockbox_good.csv", "lockbox_csv"),
        ("camt053_good.xml", "camt.053"),
        ("camt054_good.xml", "camt.054"),
        ("x12_820_good.edi", "x12_820"),
        ("bai2_good.bai", "bai2"),
        ("edifact_remadv_good.edi", "edifact_remadv"),
        ("camt054_not_camt.xml", None),
        ("lockbox_wrong_header.csv", None),
        ("x12_820_garbage.edi", "edifact_remadv"),  # an EDIFACT REMADV given as X12
        ("edifact_remadv_garbage.edi", "edifact_remadv"),
        ("lockbox_garbage.csv", None),
    ],
)
def test_the_first_bytes_say_the_format(name: str, fmt: str | None) -> None:
    assert detect_format((SAMPLES / name).read_bytes()[:4096]) == fmt


def test_detection_sees_through_a_bom_and_leading_blank_lines() -> None:
    assert detect_format(b"\xef\xbb\xbf" + write("lockbox_csv", ROWS)[:200]) == "lockbox_csv"
    assert detect_format(b"\n\n" + write("x12_820", ROWS)[:200]) == "x12_820"
    assert detect_format(b"\xef\xbb\xbf" + write("camt.053", ROWS)[:300]) == "camt.053"
    assert detect_format(b"\r\n" + write("bai2", ROWS)[:200]) == "bai2"
    assert detect_format(b"\xef\xbb\xbf" + write("edifact_remadv", ROWS)[:200]) == "edifact_remadv"
    assert detect_format(write("edifact_remadv", ROWS).split(b"\n", 1)[1][:200]) == "edifact_remadv"  # no UNA


class _CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_parser_gives_its_first_line_before_it_has_read_half_the_file(fmt: str) -> None:
    rows = [
        Row(f"PAY-{p}", date.fromordinal(739000 + p), "C-1", "Acme", f"INV-{p}-{i}", D("10.00"))
        for p in range(4000)
        for i in range(2)
    ]
    stream = _CountingStream(write(fmt, rows))
    results = FORMATS[fmt](stream)

    next(results)

    assert stream.taken < len(stream.getvalue()) / 2
    assert sum(1 for _ in results) == len(rows) - 1
