"""A customer's own advice (CSV or XLSX) read through its column mapping; hostile workbooks refused before reading."""

from __future__ import annotations

import io
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backend.domain.cash.formats import sheets
from backend.domain.cash.formats.advice import ColumnMap, parse_advice, parse_amount
from backend.domain.cash.formats.fields import BadField
from backend.domain.cash.formats.sheets import Layout, read_layout, sheet_rows
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from tests.support.workbooks import csv_file, encrypted_workbook, million_rows, old_xls, workbook, zip_bomb

HEADER = ["Invoice no.", "Invoice date", "Amount paid", "Deducted", "Code", "Why"]


@pytest.fixture
def saved() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _layout(content: bytes, folder: Path) -> Layout:
    path = folder / "file"
    path.write_bytes(content)
    return read_layout(path)


def _columns(layout: Layout, **roles: int) -> ColumnMap:
    return ColumnMap(
        customer_number="C-1",
        header_row=layout.header_row,
        header_key=layout.key,
        columns=roles or {"invoice_reference": 0, "paid_amount": 2, "adjustment_amount": 3, "adjustment_text": 5},
        default_reference="ADVICE-ABC",
        received_on=date(2026, 11, 20),
    )


def _read(content: bytes, columns: ColumnMap) -> list[RemittanceLine | LineError | LineSkipped]:
    return list(parse_advice(io.BytesIO(content), columns))


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1234.5", "1234.50"),
        ("1,234.56", "1234.56"),
        ("$1,234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("EUR 45", "45.00"),
        ("45.00 USD", "45.00"),
        ("(45.00)", "-45.00"),
        ("-45.00", "-45.00"),
        ("45.00-", "-45.00"),
        ("12,50", "12.50"),
        ("1,234", "1234.00"),
    ],
)
def test_amounts_are_read_as_customers_write_them(written: str, amount: str) -> None:
    assert parse_amount(written, "paid amount", allow_negative=True) == Decimal(amount)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("12.3.4", "is not an amount"),
        ("1.234", "more than two decimals"),
        ("NaN", "is not an amount"),
        ("", "is empty"),
        ("(45.00)", "is negative"),
    ],
)
def test_amounts_that_cannot_be_read_say_why(written: str, said: str) -> None:
    with pytest.raises(BadField, match=said):
        parse_amount(written, "paid amount")


def test_a_workbook_is_read_with_real_dates_exact_amounts_and_a_title_row_above_its_header(saved: Path) -> None:
    content = workbook(
        [
            ["Remittance advice — Contoso Retail"],
            HEADER,
            ["INV-1", date(2026, 11, 1), 100.1, None, None, None],
            ["INV-2", date(2026, 11, 2), "1,234.56", "(45.00)", "04", "2 cases damaged"],
            [1003, date(2026, 11, 3), 0.3, 0, None, None],
            ["Total", None, 1334.96],
        ]
    )
    layout = _layout(content, saved)
    assert (layout.kind, layout.header_row, layout.header) == ("xlsx", 2, tuple(HEADER))
    assert layout.samples[0] == ("INV-1", "2026-11-01", "100.1", "", "", "")

    lines = _read(content, _columns(layout))

    good = [line for line in lines if isinstance(line, RemittanceLine)]
    assert [(g.invoice_reference, g.paid_amount, g.adjustment_amount) for g in good] == [
        ("INV-1", Decimal("100.10"), Decimal("0.00")),
        ("INV-2", Decimal("1234.56"), Decimal("45.00")),
        ("1003", Decimal("0.30"), Decimal("0.00")),
    ]
    assert {(g.payment_reference, g.payment_amount, g.customer_number) for g in good} == {
        ("ADVICE-ABC", Decimal("1334.96"), "C-1")
    }
    assert good[1].adjustment_text == "2 cases damaged"
    assert isinstance(lines[-1], LineSkipped) and "total row" in lines[-1].message


def test_a_total_row_that_disagrees_with_the_lines_is_an_error(saved: Path) -> None:
    content = workbook([HEADER, ["INV-1", None, 10, None, None, None], ["Total", None, 11]])
    lines = _read(content, _columns(_layout(content, saved)))
    assert isinstance(lines[-1], LineError) and "total 11.00 is not the sum" in lines[-1].message


def test_merged_and_blank_header_cells_keep_their_place_and_can_be_mapped(saved: Path) -> None:
    content = workbook(
        [["Invoice", "Amounts", None, None], ["INV-9", 50, 5, "short"]],
        merge=["B1:C1"],
    )
    layout = _layout(content, saved)
    assert layout.header == ("Invoice", "Amounts")
    lines = _read(content, _columns(layout, invoice_reference=0, paid_amount=1, adjustment_amount=2, adjustment_text=3))
    assert [(line.paid_amount, line.adjustment_amount) for line in lines if isinstance(line, RemittanceLine)] == [
        (Decimal("50.00"), Decimal("5.00"))
    ]


def test_a_formula_without_a_saved_value_is_a_line_error_and_spoils_its_payment(saved: Path) -> None:
    content = workbook([HEADER, ["INV-1", None, 10, None, None, None], ["INV-2", None, "=C2*2", None, None, None]])
    lines = _read(content, _columns(_layout(content, saved)))
    assert isinstance(lines[1], LineError) and "formula (=C2*2) without a saved value" in lines[1].message
    assert isinstance(lines[0], LineError) and "not taken: row 3 of payment ADVICE-ABC is wrong" in lines[0].message


def test_bad_cells_are_line_errors_naming_the_row(saved: Path) -> None:
    content = workbook(
        [
            ["Invoice", "Paid", "Paid on", "Payment"],
            ["INV-1", "12.3.4", None, "CHK-1"],
            ["INV-2", 10, "03/04/2026", "CHK-2"],
            ["INV-3", -5, None, "CHK-3"],
            ["INV-4", 7, None, "CHK-4"],
        ]
    )
    layout = _layout(content, saved)
    lines = _read(content, _columns(layout, invoice_reference=0, paid_amount=1, received_on=2, payment_reference=3))
    messages = [line.message for line in lines if isinstance(line, LineError)]
    assert messages == [
        "Row 2: the paid amount '12.3.4' is not an amount.",
        "Row 3: the payment date '03/04/2026' is not a date: format the cell as a date, or write YYYY-MM-DD.",
        "Row 4: the paid amount -5 is negative (a credit note is not a payment).",
    ]
    assert [(line.payment_reference, line.payment_amount) for line in lines if isinstance(line, RemittanceLine)] == [
        ("CHK-4", Decimal("7.00"))
    ]


def test_a_semicolon_csv_with_european_amounts_is_read(saved: Path) -> None:
    content = csv_file([["Rechnung", "Betrag", "Abzug"], ["RE-1", "1.234,56", "-10,00"]], delimiter=";")
    layout = _layout(content, saved)
    assert (layout.kind, layout.header) == ("csv", ("Rechnung", "Betrag", "Abzug"))
    lines = _read(content, _columns(layout, invoice_reference=0, paid_amount=1, adjustment_amount=2))
    assert [(line.paid_amount, line.adjustment_amount) for line in lines if isinstance(line, RemittanceLine)] == [
        (Decimal("1234.56"), Decimal("10.00"))
    ]


def test_a_file_whose_header_changed_is_refused(saved: Path) -> None:
    first = workbook([HEADER, ["INV-1", None, 10, None, None, None]])
    columns = _columns(_layout(first, saved))
    changed = workbook([["Invoice", "Paid"], ["INV-1", 10]])
    with pytest.raises(FileRejected, match="not the header the column mapping was saved for"):
        _read(changed, columns)


def test_a_csv_that_is_not_utf8_is_refused(saved: Path) -> None:
    with pytest.raises(FileRejected, match="not UTF-8"):
        _layout("Invoice,Paid\r\nR\xe9f-1,10\r\n".encode("latin-1"), saved)


@pytest.mark.parametrize(
    ("made", "said"),
    [
        (encrypted_workbook, "protected with a password"),
        (old_xls, "old .xls"),
        (lambda: b"PK\x03\x04 this is not really a zip", "not a readable .xlsx"),
        (zip_bomb, "zip bomb"),
        (lambda: million_rows(declared=True), "declares 1,000,001 rows"),
    ],
    ids=["encrypted", "old-xls", "not-a-zip", "zip-bomb", "declared-million-rows"],
)
def test_a_hostile_workbook_is_refused_before_a_row_is_read(made: Callable[[], bytes], said: str, saved: Path) -> None:
    content = made()
    started = time.monotonic()
    with pytest.raises(FileRejected, match=said):
        _layout(content, saved)
    assert time.monotonic() - started < 5


def test_a_million_rows_that_do_not_say_their_size_stream_in_bounded_memory_until_the_cap(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a sheet of a million rows without its <dimension>; the cap lowered so the test reads 50,000, not 200,000
    monkeypatch.setattr(sheets, "MAX_ROWS", 50_000)
    path = saved / "big.xlsx"
    path.write_bytes(million_rows(declared=False))
    read = 0
    tracemalloc.start()
    try:
        # when
        with pytest.raises(FileRejected, match="more than 50,000 rows"):
            for _ in sheet_rows(path):
                read += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # then: every row under the cap was read, one at a time
    assert read == 50_000
    assert peak < 8 * 1024 * 1024, f"peak {peak // 1024} KiB"
