"""X12 820 files into remittance lines: segments, envelopes, totals and adjustments as a clerk reads them."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backend.domain.cash.formats import x12_sets
from backend.domain.cash.formats.x12_820 import parse_x12_820
from backend.domain.cash.remittance import FileRejected, LineError, LineSkipped, RemittanceLine
from tests.support.remittance_files import Row, brief, x12_820

SAMPLES = Path(__file__).parent / "samples"
D = Decimal


def _parse(name: str) -> list:  # type: ignore[type-arg]
    with (SAMPLES / name).open("rb") as stream:
        return list(parse_x12_820(stream))


def _rejected(name: str) -> str:
    with pytest.raises(FileRejected) as caught, (SAMPLES / name).open("rb") as stream:
        list(parse_x12_820(stream))
    return str(caught.value)


def test_a_retailers_820_gives_a_line_per_rmr_with_its_adx_short_pays_discount_and_chargeback() -> None:
    results = _parse("x12_820_good.edi")

    megamart = ("ACH20261120-0091", date(2026, 11, 20), "C-3001", "MEGAMART STORES INC", D("2455.00"), "USD")
    corner = ("CHK-1048833", date(2026, 11, 21), "C-3017", "CORNER MARKET LLC", D("1470.00"), "USD")
    assert brief(results) == [
        (12, *megamart, "INV-20261101", D("1000.00"), D("0.00"), "", "", ""),
        (14, *megamart, "INV-20261102", D("855.00"), D("45.00"), "x12", "04", "3 CASES RECEIVED DAMAGED"),
        # RMR PO: the PO number; no NTE: the meaning of 426 code 59
        (19, *megamart, "4500012399", D("600.00"), D("30.00"), "x12", "59", "item not received"),
        (28, *corner, "INV-20261110", D("980.00"), D("20.00"), "", "", "cash discount"),
        (29, *corner, "INV-20261111", D("550.00"), D("0.00"), "", "", ""),
        # an ADX in an ENT loop before any RMR: a chargeback on no invoice, its reference from ADX04
        (31, *corner, "CB-2026-114", D("0.00"), D("60.00"), "x12", "56", "CO-OP ADVERTISING Q4"),
        LineSkipped(
            34, "X12 820 transaction set 0003 (segment 34): a debit (BPR03 D), not a customer payment; skipped."
        ),
    ]


def test_a_payment_whose_invoices_do_not_add_up_has_wrong_totals_on_every_line() -> None:
    results = _parse("x12_820_wrong_totals.edi")

    assert results[:4] == [
        LineError(
            4,
            "X12 820 segment 4 (BPR): wrong totals: the invoices' paid amounts (RMR04) add up to 2455.00, "
            "not to the payment amount 2500.00 (BPR02).",
        ),
        *[
            LineError(
                segment,
                f"X12 820 segment {segment} (RMR): not taken: X12 820 transaction set 0001 (segment 3) "
                "has wrong totals (segment 4).",
            )
            for segment in (12, 14, 19)
        ],
    ]
    assert [r.line for r in results[4:] if isinstance(r, RemittanceLine)] == [28, 29, 31]


def test_bad_dates_and_amounts_are_errors_at_their_segment() -> None:
    results = _parse("x12_820_bad_values.edi")

    assert [r for r in results if isinstance(r, LineError)] == [
        LineError(4, "X12 820 segment 4 (BPR): the payment date (BPR16) '20261131' is not a date (CCYYMMDD)."),
        *[
            LineError(
                segment,
                f"X12 820 segment {segment} (RMR): not taken: X12 820 transaction set 0001 (segment 3) has an error "
                "(segment 4).",
            )
            for segment in (12, 14, 19)
        ],
        LineError(29, "X12 820 segment 29 (RMR): the paid amount (RMR04) '550.0O' is not an amount."),
        LineError(31, "X12 820 segment 31 (ADX): the adjustment amount (ADX01) -60.005 has more than two decimals."),
    ]
    assert [r.line for r in results if isinstance(r, RemittanceLine)] == [28]


def test_a_wrong_segment_count_spoils_its_transaction_set_and_a_wrong_group_count_the_file() -> None:
    with (SAMPLES / "x12_820_envelope_counts.edi").open("rb") as stream:
        results = parse_x12_820(stream)
        seen = [next(results) for _ in range(8)]
        with pytest.raises(FileRejected) as caught:
            next(results)

    assert [r.line for r in seen if isinstance(r, RemittanceLine)] == [12, 14, 19]
    assert seen[3:7] == [
        *[
            LineError(
                segment,
                f"X12 820 segment {segment} ({name}): not taken: X12 820 transaction set 0002 (segment 22) has an "
                "error (segment 33).",
            )
            for segment, name in ((28, "RMR"), (29, "RMR"), (31, "ADX"))
        ],
        LineError(33, "X12 820 segment 33 (SE): it counts 11 segments; the transaction set has 12."),
    ]
    assert str(caught.value) == "Segment 38 (GE) counts 2 transaction sets; the group has 3."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x12_820_truncated.edi", "The file stops in the middle of segment 29 ('RMR*IV*INV-2'): it is truncated."),
        ("x12_820_garbage.edi", "The file does not start with an ISA segment, so it is not an X12 file."),
        ("x12_820_no_transaction_set.edi", "Segment 22 (BPR) is outside a transaction set (ST … SE)."),
    ],
)
def test_a_file_that_cannot_be_read_as_a_whole_is_rejected(name: str, message: str) -> None:
    assert _rejected(name) == message


ROWS = [
    Row("ACH-1", date(2026, 11, 20), "C-1", "ACME", "INV-1", D("100.00")),
    Row("ACH-1", date(2026, 11, 20), "C-1", "ACME", "INV-2", D("80.00"), D("20.00"), "", "04", "BROKEN"),
]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (x12_820(ROWS)[:-17], "The file ends after segment 17 without its IEA segment: it is truncated."),
        (
            x12_820(ROWS).replace(b"IEA*1*000000042", b"IEA*1*000000043"),
            "Segment 18 (IEA): its control number '000000043' is not the ISA's '000000042'.",
        ),
        (x12_820(ROWS).replace(b"GE*1*7", b"GE*1*8"), "Segment 17 (GE): its control number '8' is not the GS's '7'."),
        (x12_820(ROWS)[:60], "The ISA segment is cut short: it must have 16 elements."),
        (
            x12_820(ROWS).replace(b"RMR*IV*INV-1", b"rmr*IV*INV-1"),
            "Segment 10 does not start with a segment name ('rmr*IV*INV-1*PI*100.'): the file is damaged or not X12.",
        ),
        (b"", "The file does not start with an ISA segment, so it is not an X12 file."),
    ],
)
def test_broken_envelopes_and_truncation_reject_the_file(data: bytes, message: str) -> None:
    with pytest.raises(FileRejected) as caught:
        list(parse_x12_820(io.BytesIO(data)))
    assert str(caught.value) == message


def test_a_wrong_st_se_control_number_is_an_error_of_that_payment() -> None:
    data = x12_820(ROWS).replace(b"SE*14*0001", b"SE*14*0002")

    results = list(parse_x12_820(io.BytesIO(data)))

    assert results[-1] == LineError(16, "X12 820 segment 16 (SE): its control number '0002' is not the ST's '0001'.")
    assert [type(r) for r in results] == [LineError, LineError, LineError]


@pytest.mark.parametrize("version", ["004010", "005010"])
@pytest.mark.parametrize(("element", "segment"), [("*", "~\n"), ("|", "\n"), ("*", "'"), ("*", "~\r\n")])
def test_separators_are_taken_from_the_isa_segment_in_both_versions(version: str, element: str, segment: str) -> None:
    data = x12_820(ROWS, version=version, element=element, segment=segment)

    results = list(parse_x12_820(io.BytesIO(data)))

    assert [(r.line, r.invoice_reference, r.paid_amount, r.adjustment_amount, r.adjustment_text) for r in results] == [  # type: ignore[union-attr]
        (10, "INV-1", D("100.00"), D("0.00"), ""),
        (12, "INV-2", D("80.00"), D("20.00"), "BROKEN"),
    ]


def test_a_non_820_transaction_set_is_skipped() -> None:
    data = x12_820(ROWS).replace(b"ST*820*0001", b"ST*997*0001")

    assert list(parse_x12_820(io.BytesIO(data))) == [
        LineSkipped(3, "X12 997 transaction set 0001 (segment 3): not a remittance advice (820); skipped.")
    ]


def test_a_payment_too_large_to_hold_is_let_out_and_its_wrong_totals_are_one_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(x12_sets, "SET_BUFFER", 5)
    rows = [Row("ACH-9", date(2026, 11, 20), "C-1", "ACME", f"INV-{i}", D("1.00")) for i in range(12)]
    data = x12_820(rows).replace(b"BPR*C*12.00*", b"BPR*C*13.00*")

    results = list(parse_x12_820(io.BytesIO(data)))

    assert len([r for r in results if isinstance(r, RemittanceLine)]) == 12
    assert results[-1] == LineError(
        4,
        "X12 820 segment 4 (BPR): wrong totals: the invoices' paid amounts (RMR04) add up to 12.00, not to the "
        "payment amount 13.00 (BPR02). None of the transaction set's lines count.",
    )
