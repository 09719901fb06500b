"""The lockbox CSV read row by row: good rows, the row number and reason of every bad one, refused files."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from backend.domain.cash.formats.lockbox_csv import COLUMNS, parse_lockbox
from backend.domain.cash.remittance import FileRejected, LineError, RemittanceLine

SAMPLES = Path(__file__).parent / "samples"
D = Decimal


def _parse(name: str, prefix: bytes = b"") -> list:  # type: ignore[type-arg]
    return list(parse_lockbox(io.BytesIO(prefix + (SAMPLES / name).read_bytes())))


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_good_file_gives_every_row_with_or_without_a_bom(bom: bytes) -> None:
    results = _parse("lockbox_good.csv", bom)

    assert [
        (
            r.line,
            r.payment_reference,
            r.customer_number,
            r.payment_amount,
            r.invoice_reference,
            r.paid_amount,
            r.adjustment_amount,
            r.adjustment_scheme,
            r.adjustment_code,
            r.adjustment_text,
            r.customer_name,
            r.currency,
        )
        for r in results
    ] == [
        (2, "CHK-100234", "C-1001", D("1230.00"), "INV-20261001", D("500.00"), D("0.00"), "", "", "", "", ""),
        (
            3,
            "CHK-100234",
            "C-1001",
            D("1230.00"),
            "INV-20261002",
            D("405.00"),
            D("45.00"),
            "x12",
            "04",
            "Two cases damaged, one crushed",
            "",
            "",
        ),
        (4, "CHK-100234", "C-1001", D("1230.00"), "PO 4500012345", D("325.00"), D("0.00"), "", "", "", "", ""),
        (
            5,
            "WIRE-88-3321",
            "C-1044",
            D("840.00"),
            "inv 20261010",
            D("490.00"),
            D("10.00"),
            "",
            "",
            "Early payment discount",
            "",
            "",
        ),
        (6, "WIRE-88-3321", "C-1044", D("840.00"), "INV-20261011", D("350.00"), D("0.00"), "", "", "", "", ""),
        (7, "ACH-20261121-7", "C-3017", D("550.00"), "INV-20261111", D("550.00"), D("0.00"), "", "", "", "", ""),
    ]


def test_every_bad_row_is_an_error_with_its_row_number_and_the_good_rows_still_come() -> None:
    results = _parse("lockbox_bad_values.csv")

    assert [r.line for r in results if isinstance(r, RemittanceLine)] == [2, 10]
    errors = [r for r in results if isinstance(r, LineError)]
    # each keeps the values its row was read with, for the report
    assert errors[0].read.startswith("CHK-100234, 20.11.2026, C-1001, 1230.00") and errors[0].reported.endswith(
        "Read: " + errors[0].read
    )
    assert [LineError(e.line, e.message) for e in errors] == [
        LineError(3, "Row 3: the received_on '20.11.2026' is not a date (YYYY-MM-DD)."),
        LineError(4, "Row 4: the paid_amount 325.005 has more than two decimals."),
        LineError(5, "Row 5: the payment_amount '$840.00' is not an amount."),
        LineError(6, "Row 6: the adjustment_amount -10.00 is negative."),
        LineError(7, "Row 7 has 6 columns; the header has 10."),
        LineError(8, "Row 8: the payment_reference is empty."),
        LineError(9, "Row 9 cannot be read as CSV (',' expected after '\"'): quote a whole value or none of it."),
    ]


def test_a_quoted_value_over_two_lines_counts_from_the_row_it_starts_on() -> None:
    header = ",".join(COLUMNS).encode() + b"\n"
    data = header + b'A,2026-11-20,C-1,5.00,INV-1,5.00,0,,,"two\nlines"\nB,2026-11-20,C-1,5.00,INV-2,5.00,0,,,\n'

    assert [(r.line, r.adjustment_text) for r in parse_lockbox(io.BytesIO(data))] == [(2, "two\nlines"), (4, "")]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("lockbox_wrong_header.csv", f"The first row must be exactly this header: {','.join(COLUMNS)}"),
        ("lockbox_not_utf8.csv", "The file is not UTF-8 text: save it as CSV UTF-8 and upload it again."),
        ("lockbox_garbage.csv", "The file is not UTF-8 text: save it as CSV UTF-8 and upload it again."),
        (
            "lockbox_truncated.csv",
            "The file stops inside a quoted value that starts on row 3: it is truncated or a closing quote is missing.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_rejected(name: str, message: str) -> None:
    with pytest.raises(FileRejected) as caught:
        _parse(name)
    assert str(caught.value) == message


def test_an_empty_file_is_rejected_for_its_missing_header() -> None:
    with pytest.raises(FileRejected, match="header"):
        list(parse_lockbox(io.BytesIO(b"")))


def test_a_value_longer_than_any_remittance_holds_is_named_as_such() -> None:
    header = ",".join(COLUMNS).encode() + b"\n"
    data = header + b"A,2026-11-20,C-1,5.00," + b"9" * 200_000 + b",5.00,0,,,\nB,2026-11-20,C-1,5.00,INV-2,5.00,0,,,\n"
    results = list(parse_lockbox(io.BytesIO(data)))
    (error,) = [r for r in results if isinstance(r, LineError)]
    assert error.line == 2 and f"has a value over {csv.field_size_limit():,} characters" in error.message
    assert "quote" not in error.message  # the quoting advice did not apply
    assert [r.line for r in results if isinstance(r, RemittanceLine)] == [3]
