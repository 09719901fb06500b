"""How references compare with invoice numbers: the normalised key is stored on every invoice (``number_key``,
``po_key``), so its rules may not drift — a changed key would hide invoices from the references that found them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from backend.domain.invoices.references import normalise_reference, scanned_reference


def _as_first_written(text: str) -> str:
    """The normaliser as migration 0013 filled the stored keys with."""
    compact = re.sub(r"[^A-Z0-9]", "", text.upper())
    compact = re.sub(r"^(INVOICE|INV|PO)", "", compact)
    return re.sub(r"\d+", lambda m: str(int(m.group(0))), compact)


references = st.text(alphabet=st.sampled_from("INVOICEPO0123456789-/ .#iolsbzgß٣Ⅻ"), max_size=24) | st.text(max_size=24)


@given(references)
def test_the_key_is_the_one_the_stored_keys_were_made_with(text: str) -> None:
    assert normalise_reference(text) == _as_first_written(text)


def test_what_does_not_matter_and_what_does() -> None:
    assert normalise_reference("inv 0012") == normalise_reference("INV-12") == "12"
    assert normalise_reference("Invoice #000") == "0"
    assert normalise_reference("PO-100-007") == "100007"  # one run of digits once the dashes are gone
    assert normalise_reference("A-0100") != normalise_reference("A-100-0")
    assert scanned_reference("INV-00O12I") == "121"
    assert scanned_reference("INV-0012") == ""  # nothing a scanner confuses
